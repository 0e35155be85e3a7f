import { Drawing } from '../components/Drawing.tsx';
import { ErrorNote, Loading, PageHeader, Pager } from '../components/ui.tsx';
import { query } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import * as fmt from '../lib/format.ts';
import { useLoad } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import { navigate } from '../lib/router.ts';
import type { IdeaPage } from '../lib/types.ts';

const PAGE_SIZE = 24;

export default function Gallery() {
  const { t, locale, pick } = useI18n();
  const { route, catalog, showroomNames } = useApp();
  const page = Math.max(1, Number(route.params.get('page')) || 1);
  const { data, error, loading, reload } = useLoad<IdeaPage>(`/ideas${query({ gallery: true, page, pageSize: PAGE_SIZE })}`);
  const productName = (id: string, key: string) => {
    const x = catalog?.products.find((q) => q.id === id);
    return x ? pick(x.nameZh, x.nameEn) : key;
  };
  const showroomName = (slug: string) => {
    const s = showroomNames?.find((x) => x.slug === slug);
    return s ? pick(s.nameZh, s.nameEn) : slug;
  };
  return (
    <>
      <PageHeader title={t.galleryTitle} sub={t.galleryIntro} />
      {error ? <ErrorNote error={error} onRetry={reload} /> : null}
      {!data && loading ? <Loading /> : null}
      {data && data.items.length === 0 ? <p class="note empty">{t.noDrawings}</p> : null}
      {data ? (
        <ul class="gallery-grid" aria-label={t.galleryTitle}>
          {data.items.map((it) => {
            const name = productName(it.visit.productId, it.visit.product);
            return (
              <li key={it.id} class="gallery-item">
                <figure>
                  <Drawing drawing={it.drawing} label={t.drawingAlt(name)} />
                  <figcaption>
                    <strong>{name}</strong>
                    <span>{showroomName(it.visit.showroom)} · {t.age(it.visit.ageBand)}</span>
                    <span>{fmt.date(it.createdAt, locale)}</span>
                  </figcaption>
                </figure>
              </li>
            );
          })}
        </ul>
      ) : null}
      {data ? <Pager page={page} pages={Math.ceil(data.total / PAGE_SIZE)} onPage={(n) => navigate('gallery', { page: String(n) }, true)} /> : null}
    </>
  );
}
