"""The domain's vocabulary, once: header synonyms, status and colour words, section headings, refs,
bullets and months. Below layout and extract; both readers and the layout stage import it."""
