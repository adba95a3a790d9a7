-- A product's category ("Kitchen / Mugs", canonical) and tags ("gift;sale":
-- lower-case, sorted, joined by ;); NULL (every row written before this) is
-- none. The category is compared byte by byte (COLLATE "C"), as SQLite's
-- BINARY does, so a category filter (the path and what starts with
-- "path / ") is a range of its index; a tag filter is a containment test
-- the GIN index of the tags as an array answers.
ALTER TABLE @.products ADD COLUMN category text COLLATE "C";
ALTER TABLE @.products ADD COLUMN tags text COLLATE "C";
CREATE INDEX products_category ON @.products (category)
	WHERE category IS NOT NULL;
CREATE INDEX products_tags ON @.products
	USING gin (string_to_array(tags, ';'));
