// Browsers start a download when a link with `download` is clicked; Electron shows its save
// dialog for it. The object URL must outlive the click, so it is released a little later.
const RELEASE_URL_AFTER_MS = 30_000;

/** Offers `body` as a file download named `fileName`. */
export function saveFile(
  body: Uint8Array<ArrayBuffer> | string,
  fileName: string,
  contentType: string,
): void {
  const url = URL.createObjectURL(new Blob([body], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), RELEASE_URL_AFTER_MS);
}
