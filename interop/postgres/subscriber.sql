-- Kamailio's `subscriber` table (kamailio 5.x auth_db schema; OpenSIPS' has the same username,
-- domain, password and ha1 columns) and the accounts the relay's JDBC tests use, realm example.org:
--   alice  password only          (secret)
--   bob    HA1 only               (MD5("bob:example.org:secret"))
--   carol  password and HA1       (secret)
--   dave   another domain only    (secret, in example.net)
CREATE TABLE IF NOT EXISTS subscriber (
    id SERIAL PRIMARY KEY NOT NULL,
    username VARCHAR(64) DEFAULT '' NOT NULL,
    domain VARCHAR(64) DEFAULT '' NOT NULL,
    password VARCHAR(64) DEFAULT '' NOT NULL,
    ha1 VARCHAR(128) DEFAULT '' NOT NULL,
    ha1b VARCHAR(128) DEFAULT '' NOT NULL,
    CONSTRAINT subscriber_account_idx UNIQUE (username, domain)
);
CREATE INDEX IF NOT EXISTS subscriber_username_idx ON subscriber (username);
ALTER TABLE subscriber OWNER TO msrp;

DELETE FROM subscriber WHERE username IN ('alice', 'bob', 'carol', 'dave');
INSERT INTO subscriber (username, domain, password, ha1) VALUES
    ('alice', 'example.org', 'secret', ''),
    ('bob', 'example.org', '', md5('bob:example.org:secret')),
    ('carol', 'example.org', 'secret', md5('carol:example.org:secret')),
    ('dave', 'example.net', 'secret', md5('dave:example.net:secret'));
