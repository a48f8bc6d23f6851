// Measures the rendered official tables in a real browser and appends the
// verdicts to the page in a <pre> with the id nb-measure (read by
// test-render.sh from --dump-dom). What is measured is the official layout of
// shared/reference/domain.md §2.3 (表二, 表三, 表四) and §3.3 (2019).
(function () {
  const out = [];
  const fail = (m) => out.push("FAIL " + m);
  const ok = (m) => out.push("ok " + m);
  const box = (el) => el.getBoundingClientRect();
  const near = (a, b) => Math.abs(a - b) <= 1.5;
  const px = (n) => Math.round(n * 10) / 10;
  function th(table, text) {
    const found = [...table.querySelectorAll("th")].filter((e) => e.textContent.trim() === text);
    if (found.length !== 1) {
      fail(`${text}: ${found.length} header cells`);
      return null;
    }
    return found[0];
  }
  // `el` covers the columns from `first` to `last`, and no more.
  function acrossX(name, el, first, last) {
    if (!el || !first || !last) return fail(`${name}: missing`);
    const b = box(el), f = box(first), l = box(last);
    if (near(b.left, f.left) && near(b.right, l.right)) {
      ok(`${name} spans x ${px(f.left)}..${px(l.right)} (width ${px(b.width)})`);
    } else {
      fail(`${name} spans x ${px(b.left)}..${px(b.right)}, expected ${px(f.left)}..${px(l.right)}`);
    }
  }
  // `el` covers the rows from `first` to `last`, and no more.
  function acrossY(name, el, first, last) {
    if (!el || !first || !last) return fail(`${name}: missing`);
    const b = box(el), f = box(first), l = box(last);
    if (near(b.top, f.top) && near(b.bottom, l.bottom)) {
      ok(`${name} spans y ${px(f.top)}..${px(l.bottom)}`);
    } else {
      fail(`${name} spans y ${px(b.top)}..${px(b.bottom)}, expected ${px(f.top)}..${px(l.bottom)}`);
    }
  }
  // Value cells sit exactly under their column headers.
  function aligned(name, cells, heads) {
    if (cells.length !== heads.length) return fail(`${name}: ${cells.length} cells under ${heads.length} columns`);
    const bad = cells.findIndex((c, i) => !(near(box(c).left, box(heads[i]).left) && near(box(c).right, box(heads[i]).right)));
    if (bad >= 0) fail(`${name}: cell ${bad + 1} is not under its column`);
  }

  // 表三 (§2.3): the note in a 3×3 corner; 申请人情况 over the seven value
  // columns; 自然人 and 总计 over two header rows; 法人或其他组织 over its
  // five columns; 三、本年度办理结果 and the （三）–（六） groups down their rows.
  const t3 = document.querySelector('table[data-template~="t3"]');
  if (!t3) fail("no 表三 in the official layout");
  else {
    const head = [...t3.tHead.rows];
    if (head.length !== 3) fail(`表三 has ${head.length} header rows, not 3`);
    const leaves = [...head[2].cells];
    if (leaves.length !== 5) fail(`表三: ${leaves.length} cells under 法人或其他组织`);
    const legal = th(t3, "法人或其他组织");
    acrossX("法人或其他组织", legal, leaves[0], leaves[4]);
    const widths = leaves.reduce((s, c) => s + box(c).width, 0);
    if (legal && Math.abs(box(legal).width - widths) > 3) {
      fail(`法人或其他组织 is ${px(box(legal).width)} wide, its five columns ${px(widths)}`);
    } else ok(`法人或其他组织 width = the five columns' widths (${px(widths)})`);
    const natural = th(t3, "自然人"), total = th(t3, "总计");
    acrossX("申请人情况", th(t3, "申请人情况"), natural, total);
    acrossY("自然人", natural, head[1], head[2]);
    acrossY("总计", total, head[1], head[2]);
    acrossY("表三 corner", head[0].cells[0], head[0], head[2]);
    const rowOf = (text) => (th(t3, text) || {}).parentElement;
    acrossX("表三 corner", head[0].cells[0], th(t3, "一、本年新收政府信息公开申请数量"), th(t3, "一、本年新收政府信息公开申请数量"));
    acrossY("三、本年度办理结果", th(t3, "三、本年度办理结果"), rowOf("（一）予以公开"), rowOf("（七）总计"));
    acrossY("（三）不予公开", th(t3, "（三）不予公开"), rowOf("1.属于国家秘密"), rowOf("8.属于行政查询事项"));
    acrossY("（四）无法提供", th(t3, "（四）无法提供"), rowOf("1.本机关不掌握相关政府信息"), rowOf("3.补正后申请内容仍不明确"));
    acrossY("（五）不予处理", th(t3, "（五）不予处理"), rowOf("1.信访举报投诉类申请"), rowOf("5.要求行政机关确认或重新出具已获取信息"));
    const columns = [natural, ...leaves, total];
    const body = [...t3.tBodies[0].rows];
    body.forEach((r, i) => aligned(`表三 row ${i + 1}`, [...r.querySelectorAll("td")], columns));
    ok(`表三: ${body.length} rows of 7 values under their columns`);
  }

  // 表四 (§2.3): one row of 15 under 行政复议 (5) | 行政诉讼 (10) →
  // 未经复议直接起诉 (5) | 复议后起诉 (5) → the five labels three times.
  const t4 = document.querySelector('table[data-template~="t4"]');
  if (!t4) fail("no 表四 in the official layout");
  else {
    const head = [...t4.tHead.rows];
    if (head.length !== 3) fail(`表四 has ${head.length} header rows, not 3`);
    const lv = [...head[2].cells];
    if (lv.length !== 15) fail(`表四: ${lv.length} column labels, not 15`);
    acrossX("行政复议", th(t4, "行政复议"), lv[0], lv[4]);
    acrossY("行政复议", th(t4, "行政复议"), head[0], head[1]);
    acrossX("行政诉讼", th(t4, "行政诉讼"), lv[5], lv[14]);
    acrossX("未经复议直接起诉", th(t4, "未经复议直接起诉"), lv[5], lv[9]);
    acrossX("复议后起诉", th(t4, "复议后起诉"), lv[10], lv[14]);
    const rows = [...t4.tBodies[0].rows];
    if (rows.length !== 1) fail(`表四 has ${rows.length} value rows, not 1`);
    aligned("表四 values", [...rows[0].cells], lv);
    ok("表四: one row of 15 values under its columns");
  }

  // 表二 (§2.3): the sub-tables in one grid, each caption across it.
  const t2 = document.querySelector('table[data-template~="t2-1"]');
  if (!t2) fail("no 表二 grid");
  else {
    const caps = [...t2.querySelectorAll("th.nb-caption")];
    const w = box(t2.tBodies[0]).width;
    caps.forEach((c) => (Math.abs(box(c).width - w) <= 2 ? ok(`${c.textContent} spans the grid`) : fail(`${c.textContent} is ${px(box(c).width)} of ${px(w)}`)));
    if (caps.length < 4) fail(`表二: ${caps.length} captions`);
  }
  const pre = document.createElement("pre");
  pre.id = ["nb", "measure"].join("-"); // not spelt out: the dump holds this script too
  pre.textContent = out.join("\n");
  document.body.appendChild(pre);
})();
