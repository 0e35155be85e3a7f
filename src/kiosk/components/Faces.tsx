/** The five Smileyometer faces, drawn here so they need no network and stay crisp at any size. */
const FACE_COLOURS = ['#e5484d', '#f76b15', '#ffc53d', '#8bd450', '#30a46c'];
const MOUTHS = [
  'M30 72 Q50 52 70 72', // awful: deep frown
  'M32 68 Q50 60 68 68', // not very good
  'M32 66 L68 66', // good (neutral)
  'M30 62 Q50 76 70 62', // really good
  'M26 58 Q50 90 74 58 Z', // brilliant: open grin
];

export function Face({ value, size = 96 }: { value: 1 | 2 | 3 | 4 | 5; size?: number }) {
  const i = value - 1;
  return (
    <svg viewBox="0 0 100 100" width={size} height={size} aria-hidden="true" focusable="false">
      <circle cx="50" cy="50" r="46" fill={FACE_COLOURS[i]} stroke="#3a2a1a" stroke-width="4" />
      {value === 1 ? (
        <g stroke="#3a2a1a" stroke-width="5" stroke-linecap="round">
          <path d="M28 34 L40 40" />
          <path d="M72 34 L60 40" />
        </g>
      ) : null}
      <circle cx="36" cy="44" r="6" fill="#3a2a1a" />
      <circle cx="64" cy="44" r="6" fill="#3a2a1a" />
      <path d={MOUTHS[i]} fill={value === 5 ? '#fff' : 'none'} stroke="#3a2a1a" stroke-width="5" stroke-linecap="round" stroke-linejoin="round" />
      {value === 5 ? (
        <g fill="#ff8fb1" opacity="0.8">
          <circle cx="22" cy="58" r="6" />
          <circle cx="78" cy="58" r="6" />
        </g>
      ) : null}
    </svg>
  );
}

export function Star({ filled, size = 36 }: { filled: boolean; size?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path
        d="M12 2.5l2.9 6 6.6.8-4.9 4.5 1.3 6.5L12 17l-5.9 3.3 1.3-6.5L2.5 9.3l6.6-.8z"
        fill={filled ? '#ffc53d' : '#ffffff'}
        stroke="#b7791f"
        stroke-width="1.5"
        stroke-linejoin="round"
      />
    </svg>
  );
}

export function Icon({ name, size = 40 }: { name: 'back' | 'skip' | 'speaker' | 'check' | 'undo' | 'trash' | 'mic' | 'play' | 'pencil' | 'keyboard' | 'print' | 'next'; size?: number }) {
  const paths: Record<string, string> = {
    back: 'M15 5l-7 7 7 7',
    next: 'M9 5l7 7-7 7',
    skip: 'M5 5l7 7-7 7M13 5l7 7-7 7',
    speaker: 'M4 9v6h4l5 4V5L8 9zM16 8.5a5 5 0 010 7M18.5 6a8.5 8.5 0 010 12',
    check: 'M5 12.5l4.5 4.5L19 7.5',
    undo: 'M9 7L4 12l5 5M4 12h10a6 6 0 010 12',
    trash: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13',
    mic: 'M12 3a3 3 0 013 3v6a3 3 0 01-6 0V6a3 3 0 013-3zM6 11a6 6 0 0012 0M12 17v4',
    play: 'M8 5l11 7-11 7z',
    pencil: 'M4 20l4-1 11-11-3-3L5 16zM14 6l3 3',
    keyboard: 'M3 7h18v10H3zM6 10h1M9 10h1M12 10h1M15 10h1M18 10h1M7 14h10',
    print: 'M6 9V3h12v6M6 18H4v-7h16v7h-2M7 14h10v7H7z',
  };
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round">
      <path d={paths[name]} />
    </svg>
  );
}
