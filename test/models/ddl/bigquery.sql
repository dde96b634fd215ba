CREATE TABLE `shop-prod.sales.customers`
(
  customer_id INT64 NOT NULL OPTIONS(description="The shop's customer number"),
  email STRING,
  vip BOOL,
  balance NUMERIC,
  rating FLOAT64,
  birthday DATE,
  last_seen DATETIME,
  version INT64 NOT NULL,
  PRIMARY KEY (customer_id) NOT ENFORCED
)
OPTIONS(
  description="Customers of the shop"
);
CREATE TABLE `shop-prod.sales.orders`
(
  order_id STRING NOT NULL,
  customer_id INT64,
  billing_customer_id INT64,
  placed_at TIMESTAMP NOT NULL,
  total NUMERIC(12, 2),
  version INT64 NOT NULL,
  PRIMARY KEY (order_id) NOT ENFORCED,
  FOREIGN KEY (customer_id) REFERENCES `shop-prod.sales.customers`(customer_id) NOT ENFORCED,
  FOREIGN KEY (billing_customer_id) REFERENCES `shop-prod.sales.customers`(customer_id) NOT ENFORCED
)
PARTITION BY DATE(placed_at)
CLUSTER BY customer_id;
CREATE TABLE `shop-prod.sales.page_views`
(
  session_id STRING NOT NULL,
  viewed_at TIMESTAMP NOT NULL,
  customer_id INT64,
  url STRING,
  version INT64 NOT NULL,
  PRIMARY KEY (session_id, viewed_at) NOT ENFORCED,
  FOREIGN KEY (customer_id) REFERENCES `shop-prod.sales.customers`(customer_id) NOT ENFORCED
)
PARTITION BY DATE(viewed_at);
