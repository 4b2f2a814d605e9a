const CONTENT_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  flac: 'audio/flac',
  pcm: 'audio/L16',
};

/** The content type to serve for a stored key, from its extension. */
export function contentTypeFor(key: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(key)?.[1]?.toLowerCase() ?? '';

  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
