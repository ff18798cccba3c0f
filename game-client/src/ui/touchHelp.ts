/** True on a device whose main pointer is a finger (phones, tablets). */
export function isTouchDevice(): boolean {
  return matchMedia('(pointer: coarse)').matches || navigator.maxTouchPoints > 0;
}

/** The spectator's banner: how to move the camera and pick a player, for the device in hand. */
export function spectateHelp(): string {
  return isTouchDevice()
    ? 'Watching: drag to move the camera, tap a name to follow'
    : 'Watching: arrow keys move the camera, click a name to follow';
}

/** The menu's controls help for touch screens: no WASD or F3 there, a joystick instead. */
export function showTouchHelp(): void {
  if (!isTouchDevice()) return;
  const help = document.querySelector<HTMLElement>('#menu .help');
  if (help) help.textContent = 'Put a finger down anywhere and drag to steer; lift it to stop.';
}
