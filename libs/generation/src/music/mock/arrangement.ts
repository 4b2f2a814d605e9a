export type Section = 'intro' | 'groove' | 'lead' | 'break' | 'outro';

export interface Layers {
  pads: number;
  bass: boolean;
  kick: boolean;
  snare: boolean;
  hats: boolean;
  melody: boolean;
}

const LAYERS: Record<Section, Layers> = {
  intro: { pads: 0.8, bass: false, kick: false, snare: false, hats: true, melody: false },
  groove: { pads: 1, bass: true, kick: true, snare: true, hats: true, melody: false },
  lead: { pads: 0.85, bass: true, kick: true, snare: true, hats: true, melody: true },
  break: { pads: 1, bass: false, kick: false, snare: false, hats: true, melody: true },
  outro: { pads: 1, bass: true, kick: true, snare: false, hats: false, melody: false },
};

/** Section of every bar: an intro, 8-bar blocks that rotate groove/lead/break, and an outro. */
export function arrange(totalBars: number): Section[] {
  const intro = totalBars >= 16 ? 4 : totalBars >= 8 ? 2 : 0;
  const outro = totalBars >= 24 ? 4 : totalBars >= 12 ? 2 : 0;
  const mainBars = totalBars - intro - outro;
  const cycle: Section[] =
    mainBars >= 32 ? ['groove', 'lead', 'break', 'lead'] : ['groove', 'lead'];
  const sections: Section[] = [];

  for (let bar = 0; bar < totalBars; bar++) {
    if (bar < intro) {
      sections.push('intro');
    } else if (bar >= totalBars - outro) {
      sections.push('outro');
    } else {
      const block = Math.floor((bar - intro) / 8);
      sections.push(mainBars < 8 ? 'lead' : cycle[block % cycle.length]);
    }
  }

  return sections;
}

export function layersOf(section: Section): Layers {
  return LAYERS[section];
}
