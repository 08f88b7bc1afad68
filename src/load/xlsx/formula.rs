//! Re-computes the simple formulas of a sheet exactly (rust_decimal), to catch a cell whose
//! cached value is stale: edited by a tool that does not recalculate, or overwritten in the
//! XML. Only `SUM(...)`, `+ - * /`, brackets, numbers and references to cells of the same
//! sheet are evaluated; anything else (other functions, other sheets, names, text in
//! arithmetic, errors) answers `None` and the cell is skipped — never guessed.

use rust_decimal::Decimal;

/// What a referenced cell holds, as the formula sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Empty,
    Number(Decimal),
    /// Text, booleans, errors: SUM skips them in ranges; arithmetic on them is not ours.
    Other,
}

/// Cells one formula may read: `SUM(A1:XFD1048576)` is not evaluated.
const MAX_RANGE_CELLS: u64 = 100_000;
const MAX_DEPTH: usize = 32;

/// Evaluates `formula` (without `=`) reading cells through `cell(row, col)` (0-based).
/// `budget` is decremented per cell read so a workbook's evaluation stays bounded.
pub fn evaluate(formula: &str, cell: &dyn Fn(u32, u32) -> Value, budget: &mut u64) -> Option<Decimal> {
    let mut p = Parser { s: formula.as_bytes(), i: 0, cell, budget, depth: 0 };
    let v = p.expr()?;
    p.skip_ws();
    (p.i == p.s.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    cell: &'a dyn Fn(u32, u32) -> Value,
    budget: &'a mut u64,
    depth: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| *b == b' ') {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Option<Decimal> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut v = self.term()?;
        loop {
            if self.eat(b'+') {
                v = v.checked_add(self.term()?)?;
            } else if self.eat(b'-') {
                v = v.checked_sub(self.term()?)?;
            } else {
                break;
            }
        }
        self.depth -= 1;
        Some(v)
    }

    fn term(&mut self) -> Option<Decimal> {
        let mut v = self.factor()?;
        loop {
            if self.eat(b'*') {
                v = v.checked_mul(self.factor()?)?;
            } else if self.eat(b'/') {
                let d = self.factor()?;
                if d.is_zero() {
                    return None;
                }
                v = v.checked_div(d)?;
            } else {
                break;
            }
        }
        Some(v)
    }

    fn factor(&mut self) -> Option<Decimal> {
        match self.peek()? {
            b'-' => {
                self.i += 1;
                Some(-self.factor()?)
            }
            b'+' => {
                self.i += 1;
                self.factor()
            }
            b'(' => {
                self.i += 1;
                let v = self.expr()?;
                self.eat(b')').then_some(v)
            }
            b'0'..=b'9' | b'.' => self.number(),
            _ => {
                if self.keyword("SUM(") {
                    return self.sum();
                }
                let (r, c) = self.reference()?;
                if self.peek() == Some(b':') {
                    return None;
                }
                match self.read(r, c)? {
                    Value::Empty => Some(Decimal::ZERO),
                    Value::Number(n) => Some(n),
                    Value::Other => None,
                }
            }
        }
    }

    fn keyword(&mut self, kw: &str) -> bool {
        let end = self.i + kw.len();
        if self.s.get(self.i..end).is_some_and(|w| w.eq_ignore_ascii_case(kw.as_bytes())) {
            self.i = end;
            true
        } else {
            false
        }
    }

    fn sum(&mut self) -> Option<Decimal> {
        let mut total = Decimal::ZERO;
        if self.eat(b')') {
            return Some(total);
        }
        loop {
            let start = self.i;
            let range = self.reference().and_then(|a| {
                self.eat(b':').then_some(())?;
                Some((a, self.reference()?))
            });
            match range {
                Some(((r1, c1), (r2, c2))) => {
                    let (r1, r2) = (r1.min(r2), r1.max(r2));
                    let (c1, c2) = (c1.min(c2), c1.max(c2));
                    let n = (r2 - r1 + 1) as u64 * (c2 - c1 + 1) as u64;
                    if n > MAX_RANGE_CELLS {
                        return None;
                    }
                    for r in r1..=r2 {
                        for c in c1..=c2 {
                            // SUM skips text and empty cells in a range, as Excel does.
                            if let Value::Number(x) = self.read(r, c)? {
                                total = total.checked_add(x)?;
                            }
                        }
                    }
                }
                None => {
                    self.i = start;
                    total = total.checked_add(self.expr()?)?;
                }
            }
            if self.eat(b')') {
                return Some(total);
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn read(&mut self, r: u32, c: u32) -> Option<Value> {
        *self.budget = self.budget.checked_sub(1)?;
        Some((self.cell)(r, c))
    }

    fn number(&mut self) -> Option<Decimal> {
        let start = self.i;
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_digit() || *b == b'.') {
            self.i += 1;
        }
        if self.s.get(self.i).is_some_and(|b| matches!(b, b'E' | b'e' | b'%')) {
            return None;
        }
        std::str::from_utf8(&self.s[start..self.i]).ok()?.parse().ok()
    }

    /// `F7`, `$F$7` → (6, 5). A sheet-qualified or named reference is not one.
    fn reference(&mut self) -> Option<(u32, u32)> {
        self.skip_ws();
        let start = self.i;
        self.eat_dollar();
        let mut col: u64 = 0;
        let mut letters = 0;
        while let Some(b) = self.s.get(self.i).filter(|b| b.is_ascii_alphabetic()) {
            col = col * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1);
            letters += 1;
            self.i += 1;
        }
        self.eat_dollar();
        let mut row: u64 = 0;
        let mut digits = 0;
        while let Some(b) = self.s.get(self.i).filter(|b| b.is_ascii_digit()) {
            row = row * 10 + u64::from(b - b'0');
            digits += 1;
            self.i += 1;
            if digits > 7 {
                break;
            }
        }
        let next_is_name =
            self.s.get(self.i).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'!' | b'(' | b'_'));
        if letters == 0 || letters > 3 || digits == 0 || row == 0 || next_is_name || col > 16_384 {
            self.i = start;
            return None;
        }
        Some(((row - 1) as u32, (col - 1) as u32))
    }

    fn eat_dollar(&mut self) {
        if self.s.get(self.i) == Some(&b'$') {
            self.i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn sheet(r: u32, c: u32) -> Value {
        match (r, c) {
            (0, 0) => Value::Number(d("1.5")),
            (1, 0) => Value::Number(d("2.25")),
            (2, 0) => Value::Other,
            (3, 0) => Value::Empty,
            (0, 1) => Value::Number(d("200")),
            (1, 1) => Value::Number(d("190")),
            _ => Value::Empty,
        }
    }

    fn eval(f: &str) -> Option<Decimal> {
        let mut budget = 1000;
        evaluate(f, &sheet, &mut budget)
    }

    #[test]
    fn sums_ranges_skipping_text_and_blanks() {
        assert_eq!(eval("SUM(A1:A4)"), Some(d("3.75")));
        assert_eq!(eval("sum($A$1:A2, B1)"), Some(d("203.75")));
        assert_eq!(eval("SUM()"), Some(d("0")));
    }

    #[test]
    fn arithmetic_with_precedence_and_brackets() {
        assert_eq!(eval("B2/B1*100"), Some(d("95")));
        assert_eq!(eval("(A1+A2)*2-1"), Some(d("6.5")));
        assert_eq!(eval("-A1+A4"), Some(d("-1.5")));
    }

    #[test]
    fn what_cannot_be_evaluated_exactly_is_skipped() {
        for f in [
            "A3+1",
            "AVERAGE(A1:A2)",
            "Sheet2!A1+1",
            "A1/A4",
            "ROUND(A1,0)",
            "A1:A2",
            "1E3",
            "A1+",
            "项目!A1",
            "SUM(A1:XFD1048576)",
        ] {
            assert_eq!(eval(f), None, "{f}");
        }
    }

    #[test]
    fn the_read_budget_bounds_the_work() {
        let mut budget = 3;
        assert_eq!(evaluate("SUM(A1:A4)", &sheet, &mut budget), None);
    }
}
