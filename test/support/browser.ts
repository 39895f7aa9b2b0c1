/** A browser on the dashboard: its cookies, requests without following redirects, and WeCom's login. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    private base: string,
    /** WeCom (the fake): the code it gives a browser once the person signs in. */
    private wecom: { loginCode(userid: string | null): string },
    private ua = "Mozilla/5.0 Chrome/120",
  ) {}
  async get(path: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(path.startsWith("http") ? path : `${this.base}${path}`, {
      ...init,
      redirect: "manual",
      headers: { "user-agent": this.ua, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "), ...(init.headers ?? {}) },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const [k = "", v = ""] = pair.split("=");
      if (v) this.cookies.set(k, v);
      else this.cookies.delete(k);
    }
    return res;
  }
  /** Logs in as `userid` the way WeCom would: redirect, the person signs in, WeCom sends the browser back with a code. */
  async login(userid: string | null): Promise<Response> {
    const start = await this.get("/dashboard");
    const state = new URL((start.headers.get("location") ?? "").replace("#wechat_redirect", "")).searchParams.get("state") ?? "";
    return this.get(`/dashboard/auth/callback?code=${this.wecom.loginCode(userid)}&state=${state}`);
  }
}
