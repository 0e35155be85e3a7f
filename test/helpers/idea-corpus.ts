/** Realistic, varied children's ideas (zh and en, many short) that must never cluster. */
export const HONEST_IDEAS: string[] = [
  '会飞的车',
  'a bigger screen',
  '粉色的座椅',
  '蓝色的座椅',
  '会变色的车',
  '车顶可以看星星',
  '后座要有小冰箱',
  '我想要一个滑梯',
  '车里有个游泳池',
  '轮子会发光',
  '有翅膀的车',
  '能变成船的车',
  '座椅可以按摩',
  '给小狗的座位',
  '屏幕上可以画画',
  '车门像蝴蝶一样打开',
  '我要彩虹色的车灯',
  '可以在车里睡觉',
  '方向盘是圆的要软一点',
  '车会说话',
  '给我妹妹一个安全座椅',
  '后备箱放得下我的自行车',
  '下雨的时候车窗会唱歌',
  '要有零食柜',
  '车里要有小电视',
  'a bigger boot',
  'wings',
  'make it fly',
  'a pink car',
  'seats that turn into beds',
  'a fridge for my yoghurt',
  'lights that glow in rainbow colours',
  'a slide from the roof into the boot',
  'I want the car to talk to me',
  'I want the car to have a bigger screen',
  'I want the car to have a bigger boot',
  'I want the car to have a dog seat',
  'more cup holders please',
  'a button that makes bubbles',
  'the wheels should light up at night',
  'a window in the floor so I can see the road',
  'a robot that cleans the car',
  'a car that drives itself to school',
  'glow in the dark seats',
  'a place for my teddy bear',
  'music that plays when you open the door',
  'a sunroof with stars',
  'bigger windows for my little brother',
  'A rainbow roof that opens like a flower',
  'Seats that turn into beds for long trips',
  'green',
  'blue!',
  '更大的屏幕',
  '车灯像眼睛',
  '车可以在水里开',
  '我想要车里有一个小床',
  '希望车子是紫色的',
  '充电口要有小灯',
  '喇叭的声音像小鸟',
  '门把手要低一点我才够得着',
];

export interface TestDrawing {
  kind: 'drawing';
  width: number;
  height: number;
  strokes: { color: string; size: number; points: [number, number][] }[];
}
type Pt = [number, number];
const ring = (cx: number, cy: number, r: number, n = 28, from = 0, to = 2 * Math.PI): Pt[] =>
  Array.from({ length: n + 1 }, (_, i) => [Math.round(cx + r * Math.cos(from + ((to - from) * i) / n)), Math.round(cy + r * Math.sin(from + ((to - from) * i) / n))]);
const d = (strokes: TestDrawing['strokes']): TestDrawing => ({ kind: 'drawing', width: 1000, height: 700, strokes });
const line = (color: string, size: number, points: Pt[]) => ({ color, size, points });

/** Different children's drawings on the kiosk's 1000×700 canvas. */
export const HONEST_DRAWINGS: TestDrawing[] = [
  // a rainbow over a car with a slide
  d([
    ...['#e5484d', '#f76b15', '#ffc53d', '#30a46c', '#0090ff', '#8e4ec6'].map((c, i) => line(c, 18, ring(500, 520, 380 - i * 24, 36, Math.PI, 2 * Math.PI))),
    line('#3a2a1a', 14, [[260, 600], [740, 600]]),
    line('#e5484d', 20, [[300, 560], [360, 470], [640, 470], [700, 560], [300, 560]]),
  ]),
  // a flower garden on the bonnet
  d([
    line('#30a46c', 12, [[300, 650], [300, 380]]),
    line('#30a46c', 12, [[650, 650], [650, 300]]),
    ...[0, 1, 2, 3, 4, 5].map((k) => line('#ff8dcc', 20, ring(300 + 60 * Math.cos((k * Math.PI) / 3), 330 + 60 * Math.sin((k * Math.PI) / 3), 40, 16))),
    line('#ffc53d', 26, ring(650, 250, 30, 16)),
  ]),
  // a rocket car with stars
  d([
    line('#0090ff', 20, [[200, 420], [700, 420], [860, 350], [700, 280], [200, 280], [200, 420]]),
    line('#f76b15', 24, [[200, 310], [90, 350], [200, 390]]),
    line('#3a2a1a', 22, ring(320, 450, 50)),
    line('#3a2a1a', 22, ring(620, 450, 50)),
    ...[[150, 120], [480, 90], [820, 150]].map(([x, y]) => line('#ffc53d', 16, ring(x!, y!, 16, 12))),
  ]),
  // a big sun
  d([line('#ffc53d', 30, ring(500, 350, 200)), ...[0, 1, 2, 3, 4, 5, 6, 7].map((k) => line('#ffc53d', 12, [[500 + 230 * Math.cos((k * Math.PI) / 4), 350 + 230 * Math.sin((k * Math.PI) / 4)], [500 + 320 * Math.cos((k * Math.PI) / 4), 350 + 320 * Math.sin((k * Math.PI) / 4)]] as Pt[]))]),
  // a smiling face
  d([line('#3a2a1a', 10, ring(500, 350, 250)), line('#3a2a1a', 20, ring(410, 280, 20, 10)), line('#3a2a1a', 20, ring(590, 280, 20, 10)), line('#e5484d', 14, ring(500, 380, 120, 20, 0.2, Math.PI - 0.2))]),
  // a house-shaped car
  d([line('#8e4ec6', 16, [[250, 600], [250, 350], [500, 150], [750, 350], [750, 600], [250, 600]]), line('#3a2a1a', 22, ring(350, 620, 45)), line('#3a2a1a', 22, ring(650, 620, 45))]),
  // a zigzag scribble
  d([line('#e5484d', 8, Array.from({ length: 20 }, (_, i) => [100 + i * 40, i % 2 ? 200 : 500] as Pt))]),
  // one single short stroke in a corner
  d([line('#0090ff', 8, [[40, 40], [90, 70], [150, 90]])]),
  // a wavy road
  d([line('#30a46c', 14, Array.from({ length: 40 }, (_, i) => [i * 25, 500 + Math.round(60 * Math.sin(i / 3))] as Pt)), line('#f76b15', 14, [[100, 300], [200, 250], [300, 300]])]),
];

/** The same drawing redrawn: every point moved by up to `px` pixels (seeded, so tests repeat). */
export function jitter(drawing: TestDrawing, px: number, seed: number): TestDrawing {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 0xffffffff) * 2 - 1;
  };
  return {
    ...drawing,
    strokes: drawing.strokes.map((st) => ({ ...st, points: st.points.map(([x, y]) => [Math.round(x + rnd() * px), Math.round(y + rnd() * px)] as Pt) })),
  };
}
