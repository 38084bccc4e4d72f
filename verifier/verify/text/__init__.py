"""What several checks share: normalisation (`normalize`), sentences and windows
(`sentences`), the multilingual embedders (`embeddings`), bilingual names and events
(`anchors`), the Japanese-English lexicon (`lexicon`), the table of outlets and their
domains (`outlets`, with `outlets.toml`) and what a URL alone says (`urls`)."""
