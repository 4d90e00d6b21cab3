"""E-mail input: MIME structure, decoding with offsets, HTML to text, quotes and signatures.

`email_draft` turns an RFC 822 message (or an mbox file) into a `Draft` whose text is only
what the sender wrote, whose pieces point into the file, and whose context is the quoted
message it answers.
"""
