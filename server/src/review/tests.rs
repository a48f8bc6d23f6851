use super::figures;
use super::*;

#[test]
fn agency_names_fold_widths_and_spaces_only() {
    assert_eq!(agency_key("平潭综合实验区 "), agency_key("平潭综合实验区"));
    assert_eq!(agency_key("ＸＸ市 人民政府"), agency_key("XX市人民政府"));
    assert_ne!(
        agency_key("洪泽区人民政府"),
        agency_key("洪泽区人民政府办公室")
    );
    assert_ne!(
        agency_key("洪泽区人民政府"),
        agency_key("淮安市洪泽区人民政府")
    );
}

#[test]
fn a_text_a_spreadsheet_would_run_is_made_inert_and_csv_is_quoted() {
    assert_eq!(
        figures::csv_field("=HYPERLINK(\"x\")", true),
        "\"'=HYPERLINK(\"\"x\"\")\""
    );
    assert_eq!(figures::csv_field("-1", false), "-1");
    assert_eq!(figures::csv_field("-某局", true), "'-某局");
    assert_eq!(figures::csv_field("a,b", true), "\"a,b\"");
    assert_eq!(figures::csv_field("平潭综合实验区", true), "平潭综合实验区");
}

#[test]
fn every_cell_an_indicator_names_is_a_figure_column() {
    let cols: Vec<String> = figures::cell_columns().into_iter().map(|c| c.id).collect();
    for e in Edition::all() {
        for ind in &e.template().indicators {
            for c in ind.numerator.iter().chain(&ind.denominator) {
                assert!(cols.contains(c), "{} names {c}", ind.id);
            }
        }
    }
}
