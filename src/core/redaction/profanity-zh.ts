/**
 * WARNING: this file names rude words, because reviewing what is and is not flagged needs them.
 *
 * Chinese profanity comes from the List of Dirty, Naughty, Obscene and Otherwise Bad Words
 * (npm `naughty-words`, CC-BY-4.0), the most widely used open list. It was written for adult
 * content filters, so on children's car talk it needs three corrections, kept here where they
 * can be reviewed:
 * - single characters are dropped (性 in 性能, 奶 in 牛奶, 逼 in 逼真, 柒 is the numeral 7),
 *   except the few that are only ever vulgar (KEEP_SINGLE);
 * - INNOCENT entries are ordinary words for a child ("他妈" his mum, "处女座" Virgo, "靠背"
 *   the seat back, "打飞机" shooting planes, "13点" one o'clock);
 * - CONTEXT entries are rude alone but innocent inside a longer word: "他妈的车" is "his mum's
 *   car", "生日你好" holds 日你, "乌龟头" holds 龟头.
 * LOCAL_ADDITIONS are common internet swearing the list lacks (卧槽, 草泥马, 煞笔 …).
 */

export const KEEP_SINGLE = new Set(['屄', '肏', '屌', '𨳒', '㞗', '𨳊', '𡳞', '𨶙', '閪', '姦']);

export const INNOCENT = new Set([
  '13.', '13点', '九游', '交配', '他奶奶', '他妈', '他娘', '你全家', '你妈', '你娘', '你是鸡', '你是鸭',
  '几八', '刚度', '卵子', '口肯', '后庭', '吹箫', '处女', '妈妈的', '娘的', '密洞', '射你', '小肉粒',
  '屁股', '干七八', '干你', '干死cs', '干死gm', '干死客服', '懒教', '成人', '打炮', '打飞机', '撒尿',
  '月经', '激情', '玉杵', '祖宗', '私服', '精子', '老二', '老味', '老母', '肥西', '花柳', '贝肉', '野鸡',
  '靠背', '鬼公', '笨實', '粉腸', '你老闆', '硬膠',
]);

// Nouns after "X妈的" that make it possessive ("他妈的车" his mum's car), not a curse.
const POSSESSED = '车手家房狗猫包衣鞋书钱电话号生日名朋同事脸头发工作公司手机厨房菜饭话声音';

/** phrase → characters that must not come right before it / right after it. */
export const CONTEXT: Readonly<Record<string, { notAfter?: string; notBefore?: string }>> = {
  '他妈的': { notBefore: POSSESSED },
  '她妈的': { notBefore: POSSESSED },
  '你妈的': { notBefore: POSSESSED },
  '妳妈的': { notBefore: POSSESSED },
  '妈的': { notAfter: '妈爸我你他她它妳姑舅姨', notBefore: POSSESSED },
  '他奶奶的': { notBefore: POSSESSED },
  '你奶奶的': { notBefore: POSSESSED },
  '操你': { notBefore: '的' }, // 操你的心: to worry about you
  '日你': { notAfter: '生节今明昨假平每周末纪念' }, // 生日你好
  '狗日': { notBefore: '记' }, // 狗日记: a dog's diary
  '靠爸': { notBefore: '爸' }, // 靠爸爸: thanks to dad
  '靠腰': { notBefore: '部垫托枕' }, // 靠腰垫: lumbar support
  '龟头': { notAfter: '乌海' }, // 乌龟头: a turtle's head
};

export const LOCAL_ADDITIONS: Readonly<Record<string, { notAfter?: string; notBefore?: string }>> = {
  '卧槽': {},
  '我操': { notBefore: '作场心练纵控办劳持' }, // 我操作: I operate
  '草泥马': {},
  '煞笔': {},
  '傻b': {},
  '滚蛋': {},
  '混蛋': { notBefore: '液白黄' }, // 混蛋液: mixed egg
  '尼玛': {},
  '王八羔子': {},
};
