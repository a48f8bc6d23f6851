//! Inline SVG charts for the review pages: drawn from the numbers alone (no
//! script, no network), black on white with every value written next to
//! its mark, so that they read the same on screen and in print.

use crate::render::esc;
use std::fmt::Write as _;

/// One bar: its label, value and an attribute naming it (`data-code`).
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: usize,
    pub data: (&'a str, &'a str),
    /// Where the label links to (a filter of the index), if anywhere.
    pub title: &'a str,
}

const FONT: &str =
    "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif\"";

/// Horizontal bars, largest first as given, with the value at each bar's end.
pub fn bars(id: &str, caption: &str, bars: &[Bar]) -> String {
    let row = 22;
    let label_w = 70;
    let bar_w = 420.0;
    let height = 28 + row * bars.len().max(1);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"nb-chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-t\" \
         viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\" {FONT} font-size=\"12\">\
         <title id=\"{id}-t\">{}</title>\
         <text x=\"0\" y=\"14\" font-weight=\"bold\" font-size=\"13\">{}</text>",
        esc(caption),
        esc(caption),
        w = label_w as f64 + bar_w + 60.0,
    );
    if bars.is_empty() {
        let _ = write!(s, "<text x=\"0\" y=\"40\">（无）</text>");
    }
    for (i, b) in bars.iter().enumerate() {
        let y = 24 + row * i;
        let w = (b.value as f64 / max * bar_w).max(1.0);
        let _ = write!(
            s,
            "<g {}=\"{}\"><title>{}</title>\
             <text x=\"0\" y=\"{ty}\">{}</text>\
             <rect {}=\"{}\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{h}\" fill=\"#444\"/>\
             <text x=\"{tx:.1}\" y=\"{ty}\">{}</text></g>",
            b.data.0,
            esc(b.data.1),
            esc(b.title),
            esc(b.label),
            b.data.0,
            esc(b.data.1),
            b.value,
            h = row - 6,
            ty = y + 12,
            tx = label_w as f64 + w + 4.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// A series over years: points joined by a line, each value written above
/// its point; a missing value leaves a gap. `percent` writes fractions as
/// percentages.
pub fn years(id: &str, caption: &str, points: &[(i32, Option<f64>)], percent: bool) -> String {
    let (w, h, left, top, bottom) = (300.0, 150.0, 16.0, 34.0, 24.0);
    let values: Vec<f64> = points.iter().filter_map(|p| p.1).collect();
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let max = if percent { max.max(0.01) } else { max.max(1.0) };
    let step = if points.len() > 1 {
        (w - 2.0 * left) / (points.len() - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| {
        if points.len() > 1 {
            left + step * i as f64
        } else {
            w / 2.0
        }
    };
    let y = |v: f64| top + (1.0 - v / max) * (h - top - bottom);
    let shown = |v: f64| {
        if percent {
            format!("{:.1}%", v * 100.0)
        } else {
            format!("{}", v.round())
        }
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"nb-chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-t\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" {FONT} font-size=\"11\">\
         <title id=\"{id}-t\">{}</title>\
         <text x=\"0\" y=\"13\" font-weight=\"bold\" font-size=\"12\">{}</text>\
         <line x1=\"{left}\" x2=\"{x2}\" y1=\"{yb}\" y2=\"{yb}\" stroke=\"#888\"/>",
        esc(caption),
        esc(caption),
        x2 = w - left,
        yb = h - bottom,
    );
    let mut path = String::new();
    for (i, (_, v)) in points.iter().enumerate() {
        if let Some(v) = v {
            let start = path.is_empty() || points[i - 1].1.is_none();
            let _ = write!(
                path,
                "{}{:.1},{:.1} ",
                if start { "M" } else { "L" },
                x(i),
                y(*v)
            );
        }
    }
    if !path.is_empty() {
        let _ = write!(
            s,
            "<path d=\"{}\" fill=\"none\" stroke=\"#222\" stroke-width=\"2\"/>",
            path.trim_end()
        );
    }
    for (i, (year, v)) in points.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{year}</text>",
            x(i),
            h - 8.0
        );
        match v {
            Some(v) => {
                let _ = write!(
                    s,
                    "<circle class=\"nb-point\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"3.5\" fill=\"#222\"/>\
                     <text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{}</text>",
                    shown(*v),
                    cx = x(i),
                    cy = y(*v),
                    ty = y(*v) - 7.0,
                );
            }
            None => {
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#666\">无</text>",
                    x(i),
                    h - bottom - 6.0
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}
