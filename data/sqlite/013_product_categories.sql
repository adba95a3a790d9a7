-- A product's category ("Kitchen / Mugs", canonical) and tags ("gift;sale":
-- lower-case, sorted, joined by ;); NULL (every row written before this) is
-- none. A category filter is a range of the category index (the path and
-- what starts with "path / "); product_tags holds one row per tag so a tag
-- filter is a range of its primary key.
ALTER TABLE products ADD COLUMN category TEXT;
ALTER TABLE products ADD COLUMN tags TEXT;
CREATE INDEX products_category ON products (category)
	WHERE category IS NOT NULL;
CREATE TABLE product_tags (
	tag TEXT NOT NULL,
	product_id INTEGER NOT NULL,
	PRIMARY KEY (tag, product_id)
) WITHOUT ROWID;
