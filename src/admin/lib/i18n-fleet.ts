/** Dashboard strings for the kiosk fleet (issue 11): stale kiosks, versions, storage. */
export const en = {
  storage: 'Storage',
  stale: 'Stale',
  staleHint: (minutes: number) => `No contact for more than ${minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`}: check its power and network.`,
  staleNotified: 'Reported to integrations',
  behind: 'Update waiting',
  behindHint: (current: string) => `The server serves ${current}; the kiosk switches on its next attract screen, never during a visit.`,
  upToDate: 'Up to date',
  storageOf: (used: string, quota: string) => `${used} of ${quota}`,
  storagePersisted: 'kept',
  storageNotPersisted: 'may be cleared',
  storagePersistedHint: 'The browser promised not to clear the kiosk’s storage (queued visits, catalog).',
  storageNotPersistedHint: 'The browser may clear the kiosk’s storage when the tablet runs low on space: queued visits could be lost.',
  notReported: 'not reported',
};

export const zh: typeof en = {
  storage: '存储',
  stale: '失联',
  staleHint: (minutes: number) => `超过 ${minutes % 60 === 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`}没有联系：请检查电源和网络。`,
  staleNotified: '已通知集成服务',
  behind: '待更新',
  behindHint: (current: string) => `服务器当前版本为 ${current}；平板会在下次回到待机画面时切换，绝不会在体验过程中切换。`,
  upToDate: '已是最新',
  storageOf: (used: string, quota: string) => `已用 ${used} / 共 ${quota}`,
  storagePersisted: '持久保存',
  storageNotPersisted: '可能被清除',
  storagePersistedHint: '浏览器已承诺不会清除平板的存储（待发送的记录、目录）。',
  storageNotPersistedHint: '平板空间不足时浏览器可能清除其存储：待发送的记录可能丢失。',
  notReported: '未上报',
};
