import { useEffect, useState } from 'preact/hooks';
import { APP_VERSION } from '../lib/api.ts';
import type { Locale } from '../lib/i18n.ts';
import { speak } from '../lib/speech.ts';
import { kioskDb, type Pairing, type SyncNote } from '../lib/storage.ts';
import { nudgeSync, onSyncStatus, type SyncStatus } from '../lib/sync.ts';
import { onUpdateWaiting, updateWaiting } from '../lib/update.ts';

export interface StorageState {
  persisted: boolean | null;
  secure: boolean;
  serviceWorker: boolean;
}

function PinPad({ expected, onOk, onCancel }: { expected: string; onOk: () => void; onCancel: () => void }) {
  const [pin, setPin] = useState('');
  const [wrong, setWrong] = useState(false);
  const press = (d: string) => {
    const next = (pin + d).slice(0, 8);
    setPin(next);
    if (next.length >= expected.length) {
      if (next === expected) onOk();
      else {
        setWrong(true);
        setPin('');
      }
    }
  };
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="pin-title">
      <div class="pin-card">
        <h2 id="pin-title">Staff PIN · 员工密码</h2>
        <p class="pin-dots" aria-live="polite">{'●'.repeat(pin.length) || '—'}</p>
        {wrong ? <p role="alert">Wrong PIN · 密码错误</p> : null}
        <div class="pin-keys">
          {['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((d) => (
            <button type="button" onClick={() => press(d)}>
              {d}
            </button>
          ))}
          <button type="button" onClick={onCancel}>
            Cancel · 取消
          </button>
        </div>
      </div>
    </div>
  );
}

export function StaffCorner(props: {
  pairing: Pairing;
  storage: StorageState;
  onClose: () => void;
  onUnpair: () => void;
  onLocale: (l: Locale) => void;
}) {
  const [unlocked, setUnlocked] = useState(false);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [notes, setNotes] = useState<SyncNote[]>([]);
  const [update, setUpdate] = useState<string | null>(updateWaiting);
  useEffect(() => onSyncStatus(setStatus), []);
  useEffect(() => onUpdateWaiting(setUpdate), []);
  useEffect(() => {
    void kioskDb().then((db) => db.getAll('notes')).then((n) => setNotes(n.reverse()));
  }, [status]);

  if (!unlocked) return <PinPad expected={props.pairing.pin} onOk={() => setUnlocked(true)} onCancel={props.onClose} />;
  const { storage } = props;
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="staff-title">
      <div class="staff-card">
        <h2 id="staff-title">Staff corner · 员工区</h2>
        <dl class="staff-facts">
          <dt>Showroom · 展厅</dt>
          <dd>{props.pairing.showroom.name} ({props.pairing.showroom.slug})</dd>
          <dt>Tablet · 平板</dt>
          <dd>{props.pairing.name}</dd>
          <dt>Pending uploads · 待上传</dt>
          <dd data-testid="pending">{status?.pending ?? '…'}</dd>
          <dt>Last sync · 上次同步</dt>
          <dd>{status?.lastSyncAt ? new Date(status.lastSyncAt).toLocaleString() : 'never · 从未'}</dd>
          <dt>App version · 版本</dt>
          <dd>
            {APP_VERSION}
            {update ? <> · update to {update} waiting: it starts on the attract screen · 新版本 {update} 将在待机画面时启用</> : null}
          </dd>
          <dt>Offline mode · 离线模式</dt>
          <dd>
            {storage.secure
              ? storage.serviceWorker
                ? 'ready · 可用'
                : 'starting · 启动中'
              : 'unavailable: this page is not in a secure context (use HTTPS or localhost) · 不可用：需要 HTTPS'}
          </dd>
          <dt>Persistent storage · 持久存储</dt>
          <dd>{storage.persisted === null ? 'unknown' : storage.persisted ? 'granted · 已授予' : 'not granted · 未授予'}</dd>
          {status?.revoked ? (
            <>
              <dt>Pairing · 配对</dt>
              <dd><strong role="alert">revoked by the dashboard: pair again · 已被撤销，请重新配对</strong></dd>
            </>
          ) : null}
          {status?.lastError ? (
            <>
              <dt>Last error · 最近错误</dt>
              <dd>{status.lastError}</dd>
            </>
          ) : null}
        </dl>
        {notes.length ? (
          <details>
            <summary>Visits that were not stored · 未保存的记录 ({notes.length})</summary>
            <ul class="notes">
              {notes.map((n) => (
                <li>
                  {new Date(n.at).toLocaleString()} — {n.status}: {n.message}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        <div class="staff-actions">
          <button type="button" class="nav-button" onClick={() => speak('Hello! 你好！', 'en')}>
            Sound test · 声音测试
          </button>
          <button type="button" class="nav-button" onClick={() => void nudgeSync(true)}>
            Sync now · 立即同步
          </button>
          <button type="button" class="nav-button" onClick={() => props.onLocale('zh-CN')} aria-pressed={props.pairing.defaultLocale === 'zh-CN'}>
            默认中文
          </button>
          <button type="button" class="nav-button" onClick={() => props.onLocale('en')} aria-pressed={props.pairing.defaultLocale === 'en'}>
            Default English
          </button>
          <button
            type="button"
            class="nav-button danger"
            onClick={() => {
              if (confirm('Unpair this tablet? Queued visits are kept and sent after pairing again.\n取消配对？')) props.onUnpair();
            }}
          >
            Unpair · 取消配对
          </button>
          <button type="button" class="nav-button primary" onClick={props.onClose}>
            Close · 关闭
          </button>
        </div>
      </div>
    </div>
  );
}
