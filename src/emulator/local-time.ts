/**
 * SFMC's timestamps are the tenant's local time. The emulator's tenant lives in the
 * time zone of the process.
 */

const pad = (n: number, width = 2): string => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** Local time to the second, no offset, as a contact's createDate "2014-11-15T11:51:00". */
export function localDateTime(at: Date): string {
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `${date}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** Local time with seven fraction digits and the UTC offset, as in "2021-12-28T04:50:11.8146417-06:00". */
export function responseDateTime(at: Date): string {
  const offset = -at.getTimezoneOffset();
  const fraction = `${pad(at.getMilliseconds(), 3)}0000`;
  return `${localDateTime(at)}.${fraction}${offset < 0 ? '-' : '+'}${pad(offset / 60)}:${pad(offset % 60)}`;
}
