"""What the issue says about the source itself: its publication date (`published`), its
title (`titles`) and its publisher (`publishers`, read against `text.outlets`). Each
module is one check in the `CheckModule` shape."""
