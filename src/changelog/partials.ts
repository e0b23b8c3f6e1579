// The changelog writer compiles its templates again for every changelog, which is most of
// a render's time. Handlebars takes compiled partials as they are, so the preset's
// templates are compiled once per process: its partials are handed to the writer
// compiled, and its main template becomes a partial that the writer's main template,
// one tag now, renders. Compiled as the writer compiles its main template (`noEscape`).
import Handlebars from "handlebars";

export interface PresetTemplates {
  mainTemplate?: string;
  headerPartial?: string;
  commitPartial?: string;
  footerPartial?: string;
}

/** The name the preset's main template is registered under, as a partial. */
const MAIN_PARTIAL = "release-train-changelog-main";

const compile = (source: string) => Handlebars.compile(source, { noEscape: true });

/**
 * The writer's template options for `preset`, compiled. The writer's types say text: it
 * hands each partial to `Handlebars.registerPartial`, which takes text or a compiled template.
 */
export function compiledTemplates(preset: PresetTemplates): PresetTemplates {
  const compiled: PresetTemplates = {};
  for (const key of ["headerPartial", "commitPartial", "footerPartial"] as const) {
    const source = preset[key];
    if (source !== undefined) compiled[key] = compile(source) as unknown as string;
  }
  if (preset.mainTemplate !== undefined) {
    Handlebars.registerPartial(MAIN_PARTIAL, compile(preset.mainTemplate));
    compiled.mainTemplate = `{{> ${MAIN_PARTIAL}}}`;
  }
  return compiled;
}
