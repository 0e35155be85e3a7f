// No runtime imports: the wall's browser bundle includes this file too.
/** Words of the public surfaces (family page, board, wall) in the two kiosk languages. */

export type PublicLocale = 'zh-CN' | 'en';
export const PUBLIC_LOCALES: readonly PublicLocale[] = ['zh-CN', 'en'];

export function asLocale(value: unknown): PublicLocale | null {
  return value === 'zh-CN' || value === 'en' ? value : null;
}

/** zh-CN when the browser asks for any Chinese first, otherwise English. */
export function localeFromAcceptLanguage(header: string | undefined): PublicLocale {
  const first = (header ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh-CN' : 'en';
}

const en = {
  brand: 'Little Advisors',
  otherLanguage: '中文',
  otherLanguageLabel: '切换到中文',
  skip: 'Skip to the content',
  // family page
  familyTitle: 'Your Little Advisor certificate',
  certificate: 'Certificate',
  certificateOf: 'Little Product Advisor',
  thanksFor: (car: string) => `Thank you for helping us with the ${car}!`,
  ticketLabel: 'Ticket code',
  qrLabel: 'QR code of this page',
  print: 'Print',
  pdf: 'Download PDF',
  summaryTitle: 'What you told us',
  loved: (parts: string) => `You loved the ${parts}!`,
  likedMost: (parts: string) => `You liked the ${parts} most!`,
  and: ' and ',
  listSep: ', ',
  ratingsTitle: 'How you liked each part',
  faceNames: ['Awful', 'Not very good', 'Good', 'Really good', 'Brilliant'],
  favouritesTitle: 'Your top 3',
  choicesTitle: 'This or that: you picked',
  againTitle: 'Ride again?',
  again: { yes: (car: string) => `Yes! You would ride in the ${car} again.`, maybe: (car: string) => `Maybe you would ride in the ${car} again.`, no: (car: string) => `Not the ${car} again: thank you for being honest!` },
  ideaTitle: 'Your big idea',
  ideaKind: { drawing: 'You drew an idea', voice: 'You said an idea out loud', text: 'You wrote an idea' },
  voiceNote: 'The recording is kept for the product team only.',
  drawingAlt: 'Your drawing',
  noIdea: 'No idea this time, and that is fine!',
  moderation: {
    pending: 'Our team will look at your idea soon.',
    approved: 'Your idea is on the “You said, we did” board.',
    rejected: 'Your idea stays with the product team only.',
  },
  statusLabel: 'What happened to it',
  status: { new: 'New', heard: 'The team heard it', planned: 'Planned!', shipped: 'In the car now!', not_now: 'Not for now' },
  replyTitle: 'The team says',
  noReply: 'No reply yet. Come back later!',
  dataTitle: 'Your data',
  dataText: 'This page is only for you: anyone with the code can open it. You can take everything with you or delete it at once.',
  downloadJson: 'Download everything (JSON)',
  deleteAll: 'Delete everything about this visit',
  boardLink: 'See what the team did with kids’ ideas',
  // delete
  confirmTitle: 'Delete everything about this visit?',
  confirmText: 'The answers, the idea (drawing, words or recording) and this page will be gone at once, for good. Only a scrambled fingerprint stays so the kiosk cannot bring it back.',
  confirmYes: 'Yes, delete everything',
  confirmNo: 'No, keep it',
  // errors
  deletedTitle: 'Everything was deleted',
  deletedText: 'Everything about this visit was deleted at your request. Thank you for being a Little Advisor!',
  notFoundTitle: 'We could not find this code',
  notFoundText: 'Check the code on the certificate: 10 letters and digits, like K7Q2M-9XFD4.',
  malformedTitle: 'This code does not look right',
  malformedText: 'A code has 10 letters and digits, like K7Q2M-9XFD4. You can type it below.',
  rateLimitedTitle: 'Too many tries',
  rateLimitedText: 'Please wait a minute, then try again.',
  pageNotFoundTitle: 'This page does not exist',
  badRequestTitle: 'Something in this link is not right',
  badRequestText: 'Please check the link and try again.',
  errorTitle: 'Something went wrong on our side',
  errorText: 'Please try again in a moment.',
  codeLabel: 'Code on the certificate',
  open: 'Open',
  // board
  boardTitle: 'You said, we did',
  boardIntro: 'Children at our showrooms share ideas for our cars. Here is what they said, and what our team is doing about it.',
  allCars: 'All cars',
  filterLabel: 'Car model',
  newer: 'Newer ideas',
  older: 'Older ideas',
  emptyBoard: 'No ideas here yet. Come back soon!',
  ageBand: (band: string) => `Age ${band.replace('-', '–')}`,
  privateDrawing: 'A drawing for the product team',
  voiceIdea: 'An idea said out loud',
  byNickname: (name: string) => `by ${name}`,
  page: (n: number) => `Page ${n}`,
  // wall
  wallToday: 'little advisors today',
  wallTitle: 'Be a Little Product Advisor!',
  wallLove: 'What kids love most today',
  wallNoRatings: 'No ratings yet today: be the first!',
  wallIdeas: 'Ideas from kids',
  wallNoIdeas: 'Drawings appear here once our team has looked at them.',
  wallScan: 'Scan to see what we did with kids’ ideas',
  wallLoves: (n: number) => `${n} ${n === 1 ? 'love' : 'loves'}`,
  wallOffline: 'Reconnecting…',
};

export type PublicMessages = typeof en;

const zh: PublicMessages = {
  brand: '小小产品顾问',
  otherLanguage: 'English',
  otherLanguageLabel: 'Switch to English',
  skip: '跳到正文',
  familyTitle: '你的小小产品顾问证书',
  certificate: '证书',
  certificateOf: '小小产品顾问',
  thanksFor: (car) => `谢谢你帮我们看看${car}！`,
  ticketLabel: '票码',
  qrLabel: '本页的二维码',
  print: '打印',
  pdf: '下载 PDF',
  summaryTitle: '你告诉我们的',
  loved: (parts) => `你超喜欢${parts}！`,
  likedMost: (parts) => `你最喜欢${parts}！`,
  and: '和',
  listSep: '、',
  ratingsTitle: '你对每个部分的感觉',
  faceNames: ['很不喜欢', '不太喜欢', '还可以', '很喜欢', '超级喜欢'],
  favouritesTitle: '你的前三名',
  choicesTitle: '二选一：你选了',
  againTitle: '还想再坐吗？',
  again: { yes: (car) => `想！你还想再坐${car}。`, maybe: (car) => `也许你还会再坐${car}。`, no: (car) => `不想再坐${car}：谢谢你说真话！` },
  ideaTitle: '你的好点子',
  ideaKind: { drawing: '你画了一个点子', voice: '你说了一个点子', text: '你写了一个点子' },
  voiceNote: '录音只给产品团队听。',
  drawingAlt: '你的画',
  noIdea: '这次没有点子，也没关系！',
  moderation: {
    pending: '我们的团队很快会看到你的点子。',
    approved: '你的点子已经上了“你说，我们做”展示板。',
    rejected: '你的点子只留给产品团队看。',
  },
  statusLabel: '点子的进展',
  status: { new: '新点子', heard: '团队已经听到了', planned: '已经计划了！', shipped: '已经用在车上了！', not_now: '暂时不做' },
  replyTitle: '团队的回复',
  noReply: '还没有回复，过几天再来看看吧！',
  dataTitle: '你的数据',
  dataText: '这个页面只属于你：有票码的人都能打开它。你可以下载全部内容，也可以马上全部删除。',
  downloadJson: '下载全部内容（JSON）',
  deleteAll: '删除这次参与的全部内容',
  boardLink: '看看团队怎样回应孩子们的点子',
  confirmTitle: '删除这次参与的全部内容？',
  confirmText: '回答、点子（画、文字或录音）和这个页面都会马上永久删除。只留下一个打乱的指纹，让平板不会把它重新上传。',
  confirmYes: '是的，全部删除',
  confirmNo: '不，保留',
  deletedTitle: '已经全部删除',
  deletedText: '按照你的要求，这次参与的全部内容都已删除。谢谢你当小小产品顾问！',
  notFoundTitle: '找不到这个票码',
  notFoundText: '请核对证书上的票码：10 个字母和数字，例如 K7Q2M-9XFD4。',
  malformedTitle: '这个票码好像不对',
  malformedText: '票码有 10 个字母和数字，例如 K7Q2M-9XFD4。你可以在下面输入。',
  rateLimitedTitle: '尝试太多次了',
  rateLimitedText: '请等一分钟再试。',
  pageNotFoundTitle: '没有这个页面',
  badRequestTitle: '这个链接有点问题',
  badRequestText: '请检查链接后再试。',
  errorTitle: '我们这边出了点问题',
  errorText: '请稍后再试。',
  codeLabel: '证书上的票码',
  open: '打开',
  boardTitle: '你说，我们做',
  boardIntro: '孩子们在展厅里给我们的车出主意。这里是他们说的话，以及我们的团队正在怎么做。',
  allCars: '全部车型',
  filterLabel: '车型',
  newer: '更新的点子',
  older: '更早的点子',
  emptyBoard: '这里还没有点子，过几天再来看看！',
  ageBand: (band) => `${band.replace('-', '–')} 岁`,
  privateDrawing: '一幅只给产品团队看的画',
  voiceIdea: '一个说出来的点子',
  byNickname: (name) => `来自 ${name}`,
  page: (n) => `第 ${n} 页`,
  wallToday: '今天的小小产品顾问',
  wallTitle: '来当小小产品顾问！',
  wallLove: '今天孩子们最喜欢',
  wallNoRatings: '今天还没有评分：快来当第一个！',
  wallIdeas: '孩子们的好点子',
  wallNoIdeas: '团队看过的画会出现在这里。',
  wallScan: '扫码看看团队怎样回应孩子们的点子',
  wallLoves: (n) => `${n} 个喜欢`,
  wallOffline: '正在重新连接…',
};

export function publicMessages(locale: PublicLocale): PublicMessages {
  return locale === 'zh-CN' ? zh : en;
}

export const otherLocale = (locale: PublicLocale): PublicLocale => (locale === 'zh-CN' ? 'en' : 'zh-CN');

/** "a, b and c" in either language. */
export function joinList(items: string[], t: PublicMessages): string {
  if (items.length <= 1) return items.join('');
  return items.slice(0, -1).join(t.listSep) + t.and + items[items.length - 1];
}
