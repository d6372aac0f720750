// Parses every ```mermaid block of the Markdown files given with Mermaid's own parser (under jsdom, which
// Mermaid's flowchart parser needs for its DOMPurify hook). Prints one line per diagram; exits 1 on any error.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';

const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');

let diagrams = 0;
for (const file of process.argv.slice(2)) {
  const blocks = [...readFileSync(file, 'utf8').matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
  for (const [index, block] of blocks.entries()) {
    diagrams++;
    try {
      const { diagramType } = await mermaid.parse(block);
      console.log(`ok    ${file} diagram ${index}: ${diagramType}`);
    } catch (error) {
      console.log(`ERROR ${file} diagram ${index}: ${String(error.message ?? error).split('\n').slice(0, 3).join(' | ')}`);
      process.exitCode = 1;
    }
  }
}
if (diagrams === 0) {
  console.log('no mermaid diagram found');
  process.exitCode = 1;
}
