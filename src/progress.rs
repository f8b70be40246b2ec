//! What a learner has done, stored safely (STUB: replaced by the progress work).
