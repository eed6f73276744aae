// Prices an order: subtotal, 10% off from 10 items, VAT by country. Business rules live in code.
const VAT: Record<string, number> = { NL: 0.21, DE: 0.19, FR: 0.2, US: 0 };

interface Input {
  items: { sku?: string; qty: number; price: number }[];
  country: string;
}

export default async function (input: Input, ctx: { log: { info(msg: string, fields?: unknown): void } }) {
  const count = input.items.reduce((n, i) => n + i.qty, 0);
  const subtotal = input.items.reduce((sum, i) => sum + i.qty * i.price, 0);
  const discounted = count >= 10 ? subtotal * 0.9 : subtotal;
  const vat = VAT[input.country.toUpperCase()] ?? 0.2;
  const total = Math.round(discounted * (1 + vat) * 100) / 100;
  ctx.log.info('priced', { count, subtotal, vat, total });
  return { total, currency: 'EUR' };
}
