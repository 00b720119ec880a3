import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).max(4096).default("data/market.db"),
  /** Asks the start (db/prepare.ts) to create a missing database: a demo market, or an empty one. Never replaces a file. */
  DB_INIT: z.enum(["demo", "empty"]).optional(),
  /** Public origin, e.g. https://market.lvliang.gov.cn; cross-site form posts are refused against it. */
  PUBLIC_ORIGIN: z.url().optional(),
  /** Overrides the cookie policy; by default cookies are Secure exactly when PUBLIC_ORIGIN is https. */
  SECURE_COOKIES: z.enum(["true", "false"]).optional(),
  /** Signs the login device cookies; when unset a random key is generated once and kept in the database. */
  DEVICE_COOKIE_SECRET: z.string().min(32).max(512).optional(),
  /** Where deal attachments are stored, outside the database. */
  FILES_DIR: z.string().min(1).default("data/files"),
  MEILI_HOST: z.url().optional(),
  MEILI_API_KEY: z.string().optional(),
  STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
  /** The currency of online payments (ISO 4217, lower case as Stripe writes it); amounts are in its minor unit, fen for cny. */
  STRIPE_CURRENCY: z
    .string()
    .regex(/^[a-zA-Z]{3}$/)
    .transform((s) => s.toLowerCase())
    .default("cny"),
  /** Points the Stripe client at another server (a local stand-in in tests), e.g. http://127.0.0.1:12111. */
  STRIPE_API_BASE: z.url().optional(),
  SMTP_URL: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** `true` behind a reverse proxy: client addresses then come from X-Forwarded-For. */
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /** Worker processes serving requests; the number of cores unless set. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** How long a stopping server lets requests in flight finish before it closes their connections. */
  /** The CJK font the monthly PDF report embeds (a .ttf, .otf or .ttc holding NotoSansCJKsc-Regular); Debian's fonts-noto-cjk by default. */
  REPORT_FONT: z.string().min(1).max(4096).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** How long a worker keeps a page as a visitor without an account sees it, while the database is unchanged; 0 keeps none. */
  VISITOR_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /** Requests one client address may make to /api/v1/* in a window (API_RATE_WINDOW_SECONDS), across all workers. */
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** The rate limit's window, in seconds. */
  API_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  // The portal's frame: who runs the site, how to reach them, and its two filing numbers, shown
  // in every page's footer and on the privacy and terms pages. The defaults describe the demo.
  /** The body in whose name the platform is run (主办单位), in Chinese and in English. */
  SITE_SPONSOR: z.string().min(1).max(100).default("吕梁市科学技术局"),
  SITE_SPONSOR_EN: z.string().min(1).max(200).default("Lüliang Municipal Science and Technology Bureau"),
  /** The body that operates it day to day (承办/运营单位) and answers for personal information. */
  SITE_OPERATOR: z.string().min(1).max(100).default("吕梁科技大市场运营服务中心"),
  SITE_OPERATOR_EN: z.string().min(1).max(200).default("Lüliang Technology Market Service Centre"),
  SITE_ADDRESS: z.string().min(1).max(200).default("山西省吕梁市离石区"),
  SITE_ADDRESS_EN: z.string().min(1).max(200).default("Lishi District, Lüliang, Shanxi"),
  SITE_CONTACT_PHONE: z.string().min(1).max(40).default("0358-0000000"),
  SITE_CONTACT_EMAIL: z.email().max(254).default("service@market.example.cn"),
  /** The ICP filing number (ICP备案号), linked to beian.miit.gov.cn. */
  SITE_ICP: z.string().min(1).max(60).default("晋ICP备00000000号-1"),
  /** The public-security filing number (公安备案号), linked to beian.mps.gov.cn by its digits. */
  SITE_PSB: z.string().min(1).max(60).default("晋公网安备14110002000000号"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Reads and checks the environment once; every bad key is named before the process serves anything. */
export function getEnv(): Env {
  if (cached) return cached;
  const blanksRemoved = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment variables:\n${lines}`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * One setting read now rather than at start, through the same schema; for a setting tests
 * change between requests. A bad value has already stopped the start (getEnv).
 */
export function currentSetting<K extends keyof Env>(key: K): Env[K] {
  const raw = process.env[key];
  return schema.shape[key].parse(raw === "" ? undefined : raw) as Env[K];
}

/** Secure, __Host- cookies whenever the platform is served over HTTPS (or when told so explicitly). */
export function secureCookies(env: Env = getEnv()): boolean {
  if (env.SECURE_COOKIES) return env.SECURE_COOKIES === "true";
  return env.PUBLIC_ORIGIN?.startsWith("https://") ?? false;
}
