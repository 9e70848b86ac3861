"""Workforce pages: provider figures and named roles for everyone who may see the provider;
individual records for the provider's own HR and DSL, or a commissioner who states a reason."""
