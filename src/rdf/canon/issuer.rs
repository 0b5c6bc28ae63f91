//! The Issue Identifier algorithm's state (RDFC-1.0 §4.5): a prefix, a counter, and the
//! identifiers issued so far, in order.

/// Marks a blank node without an identifier from this issuer.
const NONE: u32 = u32::MAX;

/// An identifier issuer over blank nodes numbered `0..n`.
#[derive(Clone, Debug)]
pub(crate) struct Issuer {
    /// Per blank node, the number issued to it, or [`NONE`].
    issued: Vec<u32>,
    /// Blank nodes in the order their identifiers were issued.
    order: Vec<u32>,
}

impl Issuer {
    /// An issuer for `blank_nodes` blank nodes, nothing issued yet.
    pub(crate) fn new(blank_nodes: usize) -> Self {
        Issuer {
            issued: vec![NONE; blank_nodes],
            order: Vec::new(),
        }
    }

    /// The number issued to `node`, if any.
    pub(crate) fn get(&self, node: u32) -> Option<u32> {
        match self.issued.get(node as usize) {
            Some(&n) if n != NONE => Some(n),
            _ => None,
        }
    }

    /// Issues the next number to `node` (or returns the one it has).
    pub(crate) fn issue(&mut self, node: u32) -> u32 {
        if let Some(n) = self.get(node) {
            return n;
        }
        let n = self.order.len() as u32;
        if let Some(slot) = self.issued.get_mut(node as usize) {
            *slot = n;
        }
        self.order.push(node);
        n
    }

    /// Blank nodes in issue order.
    pub(crate) fn order(&self) -> &[u32] {
        &self.order
    }

    /// Per blank node the number issued to it (or [`NONE`]), and the blank nodes in issue
    /// order.
    pub(crate) fn into_parts(self) -> (Vec<u32>, Vec<u32>) {
        (self.issued, self.order)
    }
}

/// Appends `_:{prefix}{n}` to `out`.
pub(crate) fn push_label(out: &mut String, prefix: &str, n: u32) {
    out.push_str("_:");
    out.push_str(prefix);
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_issue_order() {
        let mut out = String::new();
        for n in [0, 9, 10, 4_294_967_295] {
            push_label(&mut out, "c14n", n);
        }
        assert_eq!(out, "_:c14n0_:c14n9_:c14n10_:c14n4294967295");
        let mut issuer = Issuer::new(3);
        assert_eq!(issuer.issue(2), 0);
        assert_eq!(issuer.issue(0), 1);
        assert_eq!(issuer.issue(2), 0);
        assert_eq!(issuer.get(1), None);
        assert_eq!(issuer.order(), &[2, 0]);
    }
}
