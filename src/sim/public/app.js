// @ts-check
/** The simulator page: pick a person, chat through the real callback, watch groups and schedules. */

/** @typedef {{ userid: string, name: string, unit: string, roles: string[] }} Person */
/** @typedef {{ taskId: string, title: string, description: string, fields: {label: string, value: string}[], buttons: {text: string, key: string}[] }} CardView */
/** @typedef {{ index: number, channel: string, to: string[], msgtype: string, content: string, mentioned: string[], at: string, card?: CardView, media?: { name: string, size: number } }} Delivery */
/** A chat line: text, Markdown, or a card (greyed with `note` once updated). */
/** @typedef {{ who: "me" | "bot", text: string, md: boolean, card?: CardView, note?: string, media?: { index: number, name: string, size: number, image: boolean } }} Line */
/** @typedef {{ id: number, name: string, purpose: string, channel: string, key: string }} Group */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @type {Person | null} */
let me = null;
/** @type {Delivery[]} */
let deliveries = [];
/** @type {Map<string, Line[]>} */
const threads = new Map();

/** @param {string} s */
function esc(s) {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}

/** Renders WeCom Markdown: headings, bold, links, font colours, quotes, @mentions. @param {string} md */
export function renderMarkdown(md) {
  return esc(md)
    .split("\n")
    .map((line) => {
      let l = line
        .replace(/&lt;font color=&quot;(info|comment|warning)&quot;&gt;(.*?)&lt;\/font&gt;/g, '<span class="$1">$2</span>')
        .replace(/\*\*(.+?)\*\*/g, "<b>$1</b>")
        .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
        .replace(/&lt;@([\w.@-]+)&gt;/g, '<span class="mention">@$1</span>');
      if (/^#{1,6} /.test(l)) return `<h4>${l.replace(/^#{1,6} /, "")}</h4>`;
      if (l.startsWith("&gt; ")) return `<blockquote>${l.slice(5)}</blockquote>`;
      if (l.startsWith("- ")) l = `• ${l.slice(2)}`;
      return `${l}<br>`;
    })
    .join("");
}

/** @param {string} path @param {unknown} [body] */
async function api(path, body) {
  const res = await fetch(
    `/sim/api/${path}`,
    body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

function thread() {
  if (!me) return [];
  const t = threads.get(me.userid) ?? [];
  threads.set(me.userid, t);
  return t;
}

/** A template card as WeCom shows it: title, description, fields, buttons (greyed with the note once updated). @param {Line} m */
function drawCard(m) {
  const c = /** @type {CardView} */ (m.card);
  const fields = c.fields.map((f) => `<div class="kv"><span>${esc(f.label)}</span>${esc(f.value)}</div>`).join("");
  const buttons = m.note
    ? `<div class="tapped">${esc(m.note)}</div>`
    : c.buttons
        .map((b) => `<button type="button" class="tap" data-task="${esc(c.taskId)}" data-key="${esc(b.key)}">${esc(b.text)}</button>`)
        .join("");
  return `<div class="bubble wcard"><b>${esc(c.title)}</b>${c.description ? `<p>${esc(c.description).replace(/\n/g, "<br>")}</p>` : ""}${fields}<div class="buttons">${buttons}</div></div>`;
}

/** A file as a download link with its name and size, an image as the picture. @param {NonNullable<Line["media"]>} m */
function drawMedia(m) {
  const url = `/sim/api/media/${m.index}`;
  return m.image
    ? `<div class="bubble"><img class="chart" src="${url}" alt="图表"></div>`
    : `<div class="bubble">📎 <a class="file" href="${url}" download="${esc(m.name)}">${esc(m.name)}</a> <small>${Math.ceil(m.size / 1024)} KB</small></div>`;
}

/** A delivery's media as a chat line's. @param {Delivery} d */
const mediaOf = (d) => (d.media ? { index: d.index, name: d.media.name, size: d.media.size, image: d.msgtype === "image" } : undefined);

function drawChat() {
  const box = $("messages");
  box.innerHTML = thread()
    .map(
      (m) =>
        `<div class="msg ${m.who === "me" ? "me" : "bot"}">${m.media ? drawMedia(m.media) : m.card ? drawCard(m) : `<div class="bubble${m.md ? " md" : ""}">${m.md ? renderMarkdown(m.text) : esc(m.text).replace(/\n/g, "<br>")}</div>`}</div>`,
    )
    .join("");
  for (const b of box.querySelectorAll("button.tap")) {
    const el = /** @type {HTMLElement} */ (b);
    el.addEventListener("click", () => void tap(el.dataset.task ?? "", el.dataset.key ?? "", el.textContent ?? ""));
  }
  box.lastElementChild?.scrollIntoView({ block: "end" });
}

/** @param {"me" | "bot"} who @param {string} text @param {boolean} md */
function add(who, text, md = false) {
  thread().push({ who, text, md });
  drawChat();
}

async function searchPeople() {
  const q = /** @type {HTMLInputElement} */ ($("search")).value;
  /** @type {Person[]} */
  const people = await api(`people?q=${encodeURIComponent(q)}`);
  const roleNames = /** @type {Record<string, string>} */ ({
    principal: "校长",
    reporter: "填报员",
    inspector: "督学",
    viewer: "查看",
    admin: "管理员",
  });
  $("people").innerHTML = people
    .map(
      (p) =>
        `<div class="person${me?.userid === p.userid ? " on" : ""}" data-userid="${esc(p.userid)}">${esc(p.name)} <small>${esc(p.unit)} · ${p.roles.map((r) => roleNames[r] ?? r).join("、")} · ${esc(p.userid)}</small></div>`,
    )
    .join("");
  for (const el of $("people").querySelectorAll(".person")) {
    el.addEventListener("click", () => {
      me = people.find((p) => p.userid === /** @type {HTMLElement} */ (el).dataset.userid) ?? null;
      $("as").textContent = me ? `你现在是：${me.name}（${me.unit}）· 在上方搜索可换人` : "";
      $("chat").classList.toggle("picked", !!me);
      void searchPeople();
      drawChat();
    });
  }
}

/** @param {string} text */
async function say(text) {
  if (!me || !text.trim()) return;
  add("me", text);
  const r = await api("say", { userid: me.userid, text });
  if (r.reply) add("bot", r.reply);
}

/** A tap on a card's button: WeCom's template_card_event through the callback. @param {string} taskId @param {string} key @param {string} label */
async function tap(taskId, key, label) {
  if (!me) return;
  add("me", `👆 ${label}`);
  try {
    const r = await api("tap", { userid: me.userid, taskId, key });
    if (r.reply) add("bot", r.reply);
  } catch {
    add("bot", "（这张卡片的按钮已不能点）");
  }
}

async function photo() {
  if (!me) return;
  add("me", "📷 [照片]");
  const r = await api("photo", { userid: me.userid });
  if (r.reply) add("bot", r.reply);
}

/** The group chat with the intelligent bot (over its long connection): who said what, and its answers. */
/** @type {{ who: string, text: string, bot: boolean }[]} */
const groupChat = [];

function drawGroupChat() {
  $("group-as").textContent = me ? `你以“${me.name}”的身份在群里发言；在“聊天”里可以换人。` : "请先在“聊天”里选择一位人员。";
  $("group-chat").innerHTML = groupChat
    .map(
      (m) =>
        `<div class="msg ${m.bot ? "bot" : "me"}"><div class="bubble${m.bot ? " md" : ""}"><span class="at">${esc(m.who)}</span>${m.bot ? renderMarkdown(m.text) : esc(m.text)}</div></div>`,
    )
    .join("");
  $("group-chat").lastElementChild?.scrollIntoView({ block: "end" });
}

/** @param {string} text */
async function groupSay(text) {
  if (!me || !text.trim()) return drawGroupChat();
  groupChat.push({ who: me.name, text, bot: false });
  drawGroupChat();
  try {
    /** @type {{ replies: string[] }} */
    const r = await api("group-say", { userid: me.userid, text });
    for (const reply of r.replies) groupChat.push({ who: "智能机器人", text: reply, bot: true });
  } catch {
    groupChat.push({ who: "智能机器人", text: "（机器人还没有连上，请稍后再试）", bot: true });
  }
  drawGroupChat();
}

async function drawGroups() {
  /** @type {Group[]} */
  const groups = await api("groups");
  $("group-list").innerHTML = groups.length
    ? groups
        .map((g) => {
          const msgs = deliveries.filter((d) => d.channel !== "app" && d.to.includes(g.key));
          const body = msgs.length
            ? msgs
                .map((m) => {
                  const media = mediaOf(m);
                  if (media) return `<div class="msg bot">${drawMedia(media)}</div>`;
                  return `<div class="msg bot"><div class="bubble md"><span class="at">${esc(simTime(m.at))}</span>${m.msgtype === "markdown" ? renderMarkdown(m.content) : esc(m.content).replace(/\n/g, "<br>")}${m.mentioned.length ? `<br>${m.mentioned.map((u) => `<span class="mention">@${esc(u)}</span>`).join(" ")}` : ""}</div></div>`;
                })
                .join("")
            : '<p class="hint">还没有收到消息。</p>';
          return `<div class="card" data-group="${esc(g.name)}"><h3>${esc(g.name)}（${g.channel === "robot" ? "群机器人" : "应用群"} · ${esc(g.purpose)}）</h3>${body}</div>`;
        })
        .join("")
    : '<p class="hint">还没有绑定群。以管理员身份发送“群 绑定 安全群 simkey0001 安全”。</p>';
}

async function drawSchedules() {
  /** @type {{job: string, id: number, label: string, paused: boolean}[]} */
  const items = await api("schedules");
  $("schedule-list").innerHTML = items.length
    ? items
        .map(
          (s) =>
            `<div class="row"><span>${esc(s.label)}${s.paused ? "（已暂停）" : ""}</span><button type="button" data-job="${s.job}" data-id="${s.id}">立即触发</button></div>`,
        )
        .join("")
    : '<p class="hint">还没有提醒或摘要。</p>';
  for (const b of $("schedule-list").querySelectorAll("button")) {
    b.addEventListener("click", async () => {
      const el = /** @type {HTMLElement} */ (b);
      await api("fire", { job: el.dataset.job, id: Number(el.dataset.id) });
      await tickClock();
    });
  }
}

/** A time as the simulator's clock shows it (Asia/Shanghai). @param {string | number} at */
function simTime(at) {
  return new Date(at).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
}

/** The simulator's clock runs with real time from the last reading: the label is redrawn every second. */
let clockBase = { server: Date.now(), local: Date.now() };
function drawClock() {
  $("clock").textContent = `模拟时间：${simTime(clockBase.server + (Date.now() - clockBase.local))}`;
}

async function tickClock() {
  const { now } = await api("clock");
  clockBase = { server: new Date(now).getTime(), local: Date.now() };
  drawClock();
}

/** @param {"hour" | "day" | "deadline" | "monday"} to */
async function moveClock(to) {
  await api("clock", { to });
  await tickClock();
}

function listen() {
  const events = new EventSource("/sim/api/events");
  events.onmessage = (e) => {
    /** @type {Delivery} */
    const d = JSON.parse(e.data);
    deliveries.push(d);
    if (d.channel === "app") {
      for (const u of d.to) {
        const t = threads.get(u) ?? [];
        if (d.msgtype === "update_template_card") {
          // The tapped card changes in place: its buttons greyed, the note on them.
          const shown = [...t].reverse().find((m) => m.card?.taskId === d.card?.taskId);
          if (shown) shown.note = d.content;
        } else if (d.msgtype === "template_card" && d.card) t.push({ who: "bot", text: d.card.title, md: false, card: d.card });
        else {
          const media = mediaOf(d);
          t.push({ who: "bot", text: d.content, md: d.msgtype === "markdown", ...(media ? { media } : {}) });
        }
        threads.set(u, t);
      }
      drawChat();
    } else void drawGroups();
  };
}

for (const b of document.querySelectorAll("nav button")) {
  b.addEventListener("click", () => {
    const tab = /** @type {HTMLElement} */ (b).dataset.tab ?? "chat";
    for (const x of document.querySelectorAll("nav button")) x.classList.toggle("on", x === b);
    for (const s of document.querySelectorAll("main section")) s.classList.toggle("on", s.id === tab);
    if (tab === "groups") {
      drawGroupChat();
      void drawGroups();
    }
    if (tab === "schedules") void drawSchedules();
  });
}
$("search").addEventListener("input", () => {
  $("chat").classList.remove("picked");
  void searchPeople();
});
$("search").addEventListener("focus", () => $("chat").classList.remove("picked"));
$("send").addEventListener("click", () => {
  const input = /** @type {HTMLInputElement} */ ($("text"));
  void say(input.value);
  input.value = "";
});
$("text").addEventListener("keydown", (e) => {
  if (/** @type {KeyboardEvent} */ (e).key === "Enter") $("send").click();
});
$("photo").addEventListener("click", () => void photo());
$("group-send").addEventListener("click", () => {
  const input = /** @type {HTMLInputElement} */ ($("group-text"));
  void groupSay(input.value);
  input.value = "";
});
$("group-text").addEventListener("keydown", (e) => {
  if (/** @type {KeyboardEvent} */ (e).key === "Enter") $("group-send").click();
});
$("to-deadline").addEventListener("click", () => void moveClock("deadline"));
$("to-monday").addEventListener("click", () => void moveClock("monday"));
$("plus-hour").addEventListener("click", () => void moveClock("hour"));
$("plus-day").addEventListener("click", () => void moveClock("day"));

deliveries = await api("messages");
// The chats as they were before a reload: the server keeps them.
/** @type {{ threads: Record<string, Line[]>, group: { who: string, text: string, bot: boolean }[] }} */
const saved = await api("threads");
for (const [u, lines] of Object.entries(saved.threads)) threads.set(u, lines);
groupChat.push(...saved.group);
listen();
await searchPeople();
await tickClock();
setInterval(drawClock, 1_000);
setInterval(() => void tickClock(), 30_000);
