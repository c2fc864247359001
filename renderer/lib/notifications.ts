// Desktop notifications through the web Notification API, which Electron maps to native ones.

/** Shows a notification when allowed; clicking it focuses the window and calls `onClick`. */
export function showNotification(title: string, body: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const notification = new Notification(title, { body, tag: title });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}
