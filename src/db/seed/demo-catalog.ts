import type { Catalog, CatalogPart, LocalizedText } from '../../core/catalog.ts';
import { CURRENT_CONSENT } from '../../core/consent.ts';

/**
 * The demo showroom: two fictional cars drawn for this project (assets/demo/).
 * Hotspot positions are percentages of the 1200×800 car pictures, taken from the
 * drawings' own coordinates (x% = cx / 1200 · 100, y% = cy / 800 · 100).
 */

interface PartText {
  name: LocalizedText;
  prompt: LocalizedText;
}

/** Names and read-aloud questions, shared by every model so parts compare across models. */
const PART_TEXT: Record<string, PartText> = {
  wheels: {
    name: { zh: '轮子', en: 'Wheels' },
    prompt: { zh: '你喜欢这些轮子吗？', en: 'How do you like the wheels?' },
  },
  screen: {
    name: { zh: '屏幕', en: 'Screen' },
    prompt: { zh: '你喜欢这个屏幕吗？', en: 'How do you like the screen?' },
  },
  seats: {
    name: { zh: '座椅', en: 'Seats' },
    prompt: { zh: '你喜欢这些座椅吗？', en: 'How do you like the seats?' },
  },
  lights: {
    name: { zh: '车灯', en: 'Lights' },
    prompt: { zh: '你喜欢这些车灯吗？', en: 'How do you like the lights?' },
  },
  doors: {
    name: { zh: '车门', en: 'Doors' },
    prompt: { zh: '你喜欢这些车门吗？', en: 'How do you like the doors?' },
  },
  boot: {
    name: { zh: '后备箱', en: 'Boot' },
    prompt: { zh: '你喜欢这个后备箱吗？', en: 'How do you like the boot?' },
  },
  colour: {
    name: { zh: '颜色', en: 'Colour' },
    prompt: { zh: '你喜欢这个颜色吗？', en: 'How do you like the colour?' },
  },
  'steering-wheel': {
    name: { zh: '方向盘', en: 'Steering wheel' },
    prompt: { zh: '你喜欢这个方向盘吗？', en: 'How do you like the steering wheel?' },
  },
  'charging-port': {
    name: { zh: '充电口', en: 'Charging port' },
    prompt: { zh: '你喜欢这个充电口吗？', en: 'How do you like the charging port?' },
  },
  sound: {
    name: { zh: '声音', en: 'Sound' },
    prompt: { zh: '你喜欢车里的声音吗？', en: 'How do you like the sound?' },
  },
};

/** `cx`, `cy` are the part's centre in the 1200×800 drawing. */
function part(key: string, cx: number, cy: number): CatalogPart {
  const text = PART_TEXT[key];
  if (!text) throw new Error(`no text for part ${key}`);
  const pct = (v: number, of: number): number => Math.round((v / of) * 10000) / 100;
  return { key, name: text.name, prompt: text.prompt, x: pct(cx, 1200), y: pct(cy, 800), icon: `part-${key}.svg` };
}

export const demoCatalog: Catalog = {
  showrooms: [
    {
      slug: 'demo',
      name: { zh: '演示展厅', en: 'Demo Showroom' },
      products: ['sedan', 'suv'],
    },
  ],
  products: [
    {
      key: 'sedan',
      name: { zh: '微风', en: 'Breeze' },
      picture: 'sedan.svg',
      // sedan.svg: front to the right, wheels at (320, 600) and (900, 600).
      parts: [
        part('wheels', 900, 600), // front wheel
        part('lights', 1062, 470), // headlight on the nose
        part('doors', 690, 490), // front door, below its handle
        part('colour', 520, 530), // sparkle on the rear door
        part('seats', 530, 370), // back seat through the rear window
        part('steering-wheel', 712, 366),
        part('screen', 791, 398), // on the dashboard
        part('boot', 255, 458), // boot lid and handle
        part('charging-port', 357, 475), // flap with a lightning bolt
        part('sound', 765, 552), // speaker in the front door
      ],
      pairs: [
        {
          key: 'car-colour',
          prompt: { zh: '你更喜欢哪个：蓝色还是绿色？', en: 'Which do you like: blue or green?' },
          a: { label: { zh: '蓝色', en: 'Blue' }, picture: 'pair-blue-car.svg' },
          b: { label: { zh: '绿色', en: 'Green' }, picture: 'pair-green-car.svg' },
        },
        {
          key: 'screen-or-buttons',
          prompt: { zh: '你更喜欢哪个：大屏幕还是按钮？', en: 'Which do you like: big screen or buttons?' },
          a: { label: { zh: '大屏幕', en: 'Big screen' }, picture: 'pair-big-screen.svg' },
          b: { label: { zh: '按钮', en: 'Buttons' }, picture: 'pair-buttons.svg' },
        },
        {
          key: 'light-shape',
          prompt: { zh: '你更喜欢哪个：圆车灯还是方车灯？', en: 'Which do you like: round lights or square lights?' },
          a: { label: { zh: '圆车灯', en: 'Round lights' }, picture: 'pair-round-lights.svg' },
          b: { label: { zh: '方车灯', en: 'Square lights' }, picture: 'pair-square-lights.svg' },
        },
      ],
    },
    {
      key: 'suv',
      name: { zh: '小探险家', en: 'Trailblazer Cub' },
      picture: 'suv.svg',
      // suv.svg: front to the right, wheels at (310, 590) and (900, 590).
      parts: [
        part('wheels', 900, 590), // front wheel
        part('lights', 1062, 428), // round headlight
        part('doors', 660, 450), // front door, below its handle
        part('colour', 480, 498), // sparkle on the rear door
        part('seats', 468, 320), // back seat through the middle window
        part('steering-wheel', 738, 328),
        part('screen', 822, 349), // on the dashboard
        part('boot', 245, 345), // suitcase and ball through the back window
        part('charging-port', 229, 457), // flap with a lightning bolt
        part('sound', 730, 515), // speaker in the front door
      ],
      pairs: [
        {
          key: 'ceiling',
          prompt: { zh: '你更喜欢哪个：星星车顶还是普通车顶？', en: 'Which do you like: starry ceiling or plain ceiling?' },
          a: { label: { zh: '星星车顶', en: 'Starry ceiling' }, picture: 'pair-starry-ceiling.svg' },
          b: { label: { zh: '普通车顶', en: 'Plain ceiling' }, picture: 'pair-plain-ceiling.svg' },
        },
        {
          key: 'music',
          prompt: { zh: '你更喜欢哪个：安静的音乐还是好玩的声音？', en: 'Which do you like: quiet music or fun sounds?' },
          a: { label: { zh: '安静的音乐', en: 'Quiet music' }, picture: 'pair-quiet-music.svg' },
          b: { label: { zh: '好玩的声音', en: 'Fun sounds' }, picture: 'pair-fun-sounds.svg' },
        },
        {
          key: 'seat-style',
          prompt: { zh: '你更喜欢哪个：软软的座椅还是运动座椅？', en: 'Which do you like: cosy seats or sporty seats?' },
          a: { label: { zh: '软软的座椅', en: 'Cosy seats' }, picture: 'pair-cosy-seats.svg' },
          b: { label: { zh: '运动座椅', en: 'Sporty seats' }, picture: 'pair-sporty-seats.svg' },
        },
      ],
    },
  ],
  avatars: [
    { key: 'panda', name: { zh: '熊猫', en: 'Panda' }, picture: 'avatar-panda.svg' },
    { key: 'tiger', name: { zh: '老虎', en: 'Tiger' }, picture: 'avatar-tiger.svg' },
    { key: 'rabbit', name: { zh: '兔子', en: 'Rabbit' }, picture: 'avatar-rabbit.svg' },
    { key: 'fox', name: { zh: '狐狸', en: 'Fox' }, picture: 'avatar-fox.svg' },
    { key: 'cat', name: { zh: '小猫', en: 'Cat' }, picture: 'avatar-cat.svg' },
    { key: 'dog', name: { zh: '小狗', en: 'Dog' }, picture: 'avatar-dog.svg' },
    { key: 'penguin', name: { zh: '企鹅', en: 'Penguin' }, picture: 'avatar-penguin.svg' },
    { key: 'dolphin', name: { zh: '海豚', en: 'Dolphin' }, picture: 'avatar-dolphin.svg' },
  ],
  // The current consent text; migration 008 already wrote the same row, so this only names it.
  consent: CURRENT_CONSENT,
};
