/** The drawing screen's sticker tray (issue 11): only the drawing chunk loads these. */
export const en = {
  stickerTray: 'Stickers',
  stickerPrompt: 'Tap a sticker to put it on your drawing. Drag it to move it!',
  stickerHear: 'Read aloud: stickers',
  stickerBigger: 'Make the sticker bigger',
  stickerSmaller: 'Make the sticker smaller',
  stickerRemove: 'Take the sticker off',
  stickerFull: 'That is lots of stickers!',
};

export const zh: typeof en = {
  stickerTray: '贴纸',
  stickerPrompt: '点一下贴纸，把它贴到画上。按住拖一拖，可以移动它！',
  stickerHear: '朗读：贴纸',
  stickerBigger: '把贴纸变大',
  stickerSmaller: '把贴纸变小',
  stickerRemove: '拿掉贴纸',
  stickerFull: '贴纸已经很多啦！',
};
