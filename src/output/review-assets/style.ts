// review.html's only stylesheet, inlined and allowed by its sha256 in the CSP. Font stacks name Noto CJK and
// the platform CJK faces per :lang(), so Chinese renders with a Chinese face (not a Japanese fallback) and
// Russian with a face that has Cyrillic. Rule colours are classes r0…r11 (see ruleClass), never inline styles.

export const REVIEW_CSS = `
:root { --fg: #1d1f23; --muted: #5b616b; --line: #d9dce1; --bg: #f6f7f9; --card: #fff; --accent: #1f5fbf; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", "Noto Sans CJK SC", sans-serif; }
:lang(ru) { font-family: "Noto Sans", "Segoe UI", Roboto, Arial, "DejaVu Sans", sans-serif; }
:lang(zh) { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
body { margin: 0; color: var(--fg); background: var(--bg); line-height: 1.5; }
.top { position: sticky; top: 0; z-index: 2; background: var(--card); border-bottom: 1px solid var(--line); padding: .5rem 1rem; }
.top h1 { font-size: 1.1rem; margin: 0 0 .3rem; }
.top .summary { color: var(--muted); font-size: .85rem; margin: 0 0 .4rem; }
.filters { display: flex; flex-wrap: wrap; gap: .4rem .8rem; align-items: center; font-size: .85rem; }
.filter select, .filter input { font: inherit; padding: .15rem .3rem; }
.filter select { max-width: 16rem; }
.search input { min-width: 16rem; }
.toolbar { display: flex; gap: .6rem; align-items: center; margin-top: .4rem; font-size: .85rem; }
.keys { color: var(--muted); }
kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 .25rem; background: var(--bg); font-size: .8rem; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
.item { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .7rem 1rem; margin: 0 0 .8rem; outline: none; }
.item.selected { border-color: var(--accent); box-shadow: 0 0 0 2px rgba(31, 95, 191, .25); }
.item[data-decision="discard"] { opacity: .55; }
.item header { font-size: .85rem; color: var(--muted); display: flex; flex-wrap: wrap; gap: .2rem .8rem; }
.outlet { font-weight: 600; color: var(--fg); }
.headline { font-size: 1.15rem; margin: .25rem 0; }
.headline a { color: var(--accent); text-decoration: none; }
.headline a:hover { text-decoration: underline; }
.meta { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; font-size: .8rem; }
.rules { list-style: none; display: inline-flex; flex-wrap: wrap; gap: .3rem; margin: 0; padding: 0; }
.rules li { border-radius: 10px; padding: 0 .5rem; }
.badge { border: 1px solid var(--line); border-radius: 10px; padding: 0 .45rem; color: var(--muted); }
.badge.reprint { border-color: #b07d00; color: #7a5600; }
.badge.updated { border-color: #a33; color: #a33; }
.badge.feed-only, .badge.low { border-style: dashed; }
.excerpt { margin: .5rem 0; padding: .1rem 0 .1rem .8rem; border-left: 3px solid var(--line); white-space: pre-wrap; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
.r0 { background: #ffe58a; } .r1 { background: #b9e6ff; } .r2 { background: #c8f2c2; }
.r3 { background: #ffd0e0; } .r4 { background: #e3d4ff; } .r5 { background: #ffd9b3; }
.r6 { background: #d7f0ea; } .r7 { background: #f3e1c7; } .r8 { background: #dfe6f7; }
.r9 { background: #f9d2c9; } .r10 { background: #e6f5b0; } .r11 { background: #eadcf0; }
.credit { font-size: .8rem; color: var(--muted); margin: .3rem 0; }
.actions { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.actions button { font: inherit; font-size: .8rem; padding: .1rem .5rem; cursor: pointer; }
.actions button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.actions .comment { flex: 1; min-width: 10rem; font: inherit; font-size: .8rem; }
.stories { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; margin: 0 0 .8rem; }
.stories summary { cursor: pointer; font-weight: 600; }
.stories .st-stories { margin-top: .6rem; }
.st-member { cursor: pointer; }
.empty { text-align: center; color: var(--muted); }
#status { min-height: 1.2em; color: var(--accent); flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.toolbar button, .keys { white-space: nowrap; }
`;
