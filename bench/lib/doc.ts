import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const PREAMBLE = `# Performance

Figures written by \`npm run bench\` (bench/run.ts). Each benchmark owns the section between its
\`<!-- bench:NAME:start -->\` and \`<!-- bench:NAME:end -->\` markers and rewrites only that section;
text outside the markers is kept. Run one benchmark with \`npm run bench -- NAME\`.
`;

/** Replaces (or appends) the section of one benchmark in the markdown file, leaving the rest alone. */
export function replaceSection(file: string, id: string, section: string): void {
  const start = `<!-- bench:${id}:start -->`;
  const end = `<!-- bench:${id}:end -->`;
  const block = `${start}\n${section.trim()}\n${end}`;
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : PREAMBLE;
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a >= 0 && b > a) {
    doc = doc.slice(0, a) + block + doc.slice(b + end.length);
  } else {
    doc = `${doc.replace(/\s*$/, '')}\n\n${block}\n`;
  }
  writeFileSync(file, doc);
}
