import { SECTIONS, VARIABLES, type Section } from './variables.js';

/** docs/configuration.md, relative to this module. */
export const CONFIGURATION_DOC = new URL('../../docs/configuration.md', import.meta.url);

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The text of docs/configuration.md: one table per section, generated from the variables table. */
export function configurationMarkdown(): string {
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from src/config/variables.ts by `npm run docs:config`; do not edit by hand. -->',
    '',
    'Every environment variable the service (`npm start`) and its tools (`npm run emulator`, `schema:print`,',
    '`datamodel:pull`) read. Values are trimmed; an empty value counts as unset. An invalid value stops',
    'start-up with a message naming the variable (never echoing its value).',
  ];
  for (const [section, title] of Object.entries(SECTIONS) as [Section, string][]) {
    lines.push('', `## ${title}`, '', '| variable | default | meaning |', '|---|---|---|');
    for (const [name, variable] of Object.entries(VARIABLES)) {
      if (variable.section === section) lines.push(`| \`${name}\` | ${cell(variable.default)} | ${cell(variable.description)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
