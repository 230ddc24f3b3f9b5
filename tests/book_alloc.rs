//! The allocation count the book's performance chapter shows is what the
//! `scrape_cost` example counts today (its own binary: the example brings
//! a counting global allocator).

#[path = "../examples/scrape_cost.rs"]
mod scrape_cost;

#[test]
fn scrape_cost_is_what_the_book_shows() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("book/src/output/scrape_cost.txt");
    let got = scrape_cost::report();
    if std::env::var_os("BOOK_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    assert_eq!(got, std::fs::read_to_string(&path).unwrap());
}
