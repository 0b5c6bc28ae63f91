//! A cheap path stack for error reporting: borrowed keys, converted to a
//! [`JsonPath`](crate::report::JsonPath) only when an error is raised.

use crate::report::{JsonPath, Step};

/// The path from the document root to the value being processed.
#[derive(Clone, Debug, Default)]
pub(crate) struct Trail<'a> {
    steps: Vec<Step<'a>>,
}

impl<'a> Trail<'a> {
    pub(crate) fn new() -> Self {
        // Room for the depth of most documents, in one allocation.
        Trail {
            steps: Vec::with_capacity(16),
        }
    }

    pub(crate) fn push_key(&mut self, key: &'a str) {
        self.steps.push(Step::Key(key));
    }

    pub(crate) fn push_index(&mut self, index: usize) {
        self.steps.push(Step::Index(index));
    }

    pub(crate) fn len(&self) -> usize {
        self.steps.len()
    }

    pub(crate) fn pop(&mut self) {
        self.steps.pop();
    }

    pub(crate) fn to_path(&self) -> JsonPath {
        JsonPath::from_steps(self.steps.iter().copied())
    }
}
