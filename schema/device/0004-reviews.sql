-- SPDX-License-Identifier: Apache-2.0
-- Supervisors' reviews of this inspector's records (docs/review.md), pulled
-- by sync and kept only after their signature checked against the server's
-- key. body and sig are the exact signed bytes, so a review can be checked
-- again at any time; the other columns are copies read from the body.
CREATE TABLE reviews (
	id		INTEGER PRIMARY KEY,	-- the server's number: the order they came in
	record		TEXT NOT NULL,
	record_hash	TEXT NOT NULL,
	state		TEXT NOT NULL,
	comment		TEXT NOT NULL DEFAULT '',
	reviewer	TEXT NOT NULL,
	time		TEXT NOT NULL,
	body		TEXT NOT NULL,
	sig		TEXT NOT NULL		-- hex
);
CREATE INDEX reviews_record ON reviews (record, id);
