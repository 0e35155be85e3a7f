/**
 * The dashboard's view of the API: every shape is the server's own typebox schema in
 * src/shared/admin (the server validates and serializes its answers with them). Types only:
 * those modules import 'typebox' at run time, which must never reach the browser bundle, so
 * every import here is `import type`.
 */
import type { Static } from 'typebox';
import type { Me, PermissionName } from '../../shared/admin/session.ts';
import type { LoveMap, Overview } from '../../shared/admin/insight.ts';
import type { BulkIdeaChange, IdeaCard, IdeaChange, IdeaPage as IdeaPageSchema, ClusterPage as ClusterPageSchema, IdeaKind as IdeaKindSchema, Moderation as ModerationSchema, ProductStatus as ProductStatusSchema } from '../../shared/admin/ideas.ts';
import type { PairingCodeView, ShowroomInput, ShowroomName, ShowroomPatch, ShowroomView } from '../../shared/admin/showrooms.ts';
import type { Activity, CatalogPair, CatalogPairSide, CatalogPart, CatalogProduct, CatalogView, PartInput, PartPatch, PairInput, PairPatch, PictureUpload, ProductInput, ProductPatch, AudioUpload, PromptAudioInput } from '../../shared/admin/catalog.ts';
import type { AuditRow, Deletions, InviteInput, InviteLink, InviteView, RetentionInput, StaffRow, UserPatch } from '../../shared/admin/data.ts';

export type IdeaPage = Static<typeof IdeaPageSchema>;
export type { ClusterCard } from '../../shared/admin/ideas.ts';
export type ClusterPage = Static<typeof ClusterPageSchema>;
export type { Me, LoveMap, Overview, BulkIdeaChange, IdeaCard, IdeaChange, ShowroomInput, ShowroomName, ShowroomPatch, ShowroomView };
export type { PartInput, PartPatch, PairInput, PairPatch, PictureUpload, ProductInput, ProductPatch, AudioUpload, PromptAudioInput, InviteInput, InviteLink, InviteView, RetentionInput, UserPatch };
export type { Activity, CatalogPair, CatalogPairSide, CatalogPart, CatalogProduct, StaffRow, AuditRow, Deletions };
/** GET /catalog */
export type Catalog = CatalogView;
export type PairingCode = Static<typeof PairingCodeView>;
export type Device = ShowroomView['devices'][number];
export type Role = Me['role'];
export type Permission = PermissionName;
export type Moderation = Static<typeof ModerationSchema>;
export type ProductStatus = Static<typeof ProductStatusSchema>;
export type IdeaKind = Static<typeof IdeaKindSchema>;
export type AgeBand = '4-6' | '7-9' | '10-12';

// Run-time lists for the pickers (the schemas cannot be imported at run time; `satisfies` keeps them in step).
export const AGE_BANDS = ['4-6', '7-9', '10-12'] as const satisfies readonly AgeBand[];
export const ROLES = ['admin', 'analyst', 'moderator', 'showroom_manager'] as const satisfies readonly Role[];
export const STATUSES = ['new', 'heard', 'planned', 'shipped', 'not_now'] as const satisfies readonly ProductStatus[];
