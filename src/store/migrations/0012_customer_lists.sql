-- Guanxi schema, version 12: the first page of a shop's customers by id, and
-- the number of customers per tier, without reading the whole shop. Before,
-- the list walked (shop_id, name) and sorted every customer by id (1.4 s at 1M
-- customers), and the tier distribution read every row (1.6 s).
CREATE INDEX customers_shop ON customers (shop_id);
CREATE INDEX customers_shop_tier ON customers (shop_id, tier) WHERE merged_into IS NULL;
