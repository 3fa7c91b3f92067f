/** `1,960 pods` (digits grouped by hand: toLocaleString would start ICU on the way to the canvas) */
export const count = (n: number, one: string) => `${String(n).replace(/\B(?=(\d{3})+$)/g, ',')} ${one}${n === 1 ? '' : 's'}`;
