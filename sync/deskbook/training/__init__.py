"""Training compliance from the training SOP: rules as data, pure functions over a Dataset."""
