//! The pond example prints exactly the article's figures. The example file
//! is compiled into this test, so the text checked is the text it prints.

#[path = "../examples/pond.rs"]
mod pond;

#[test]
fn pond_prints_the_articles_figures() {
    let expected = "\
Summary
summary {
  sample_count: 1000
  sample_sum: 29969.50000000001
  quantile {
    quantile: 0.5
    value: 31.1
  }
  quantile {
    quantile: 0.9
    value: 41.3
  }
  quantile {
    quantile: 0.99
    value: 41.9
  }
}

Histogram
histogram {
  sample_count: 1000
  sample_sum: 29969.50000000001
  bucket {
    cumulative_count: 192
    upper_bound: 20
  }
  bucket {
    cumulative_count: 366
    upper_bound: 25
  }
  bucket {
    cumulative_count: 501
    upper_bound: 30
  }
  bucket {
    cumulative_count: 638
    upper_bound: 35
  }
  bucket {
    cumulative_count: 816
    upper_bound: 40
  }
}
";
    assert_eq!(pond::report(), expected);
}
