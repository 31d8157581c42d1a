//! An incremental decoder for server-sent events (the WHATWG `text/event-stream` format), as
//! all three vendors stream: bytes go in as they arrive, complete events come out.

/// One dispatched event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The `event:` field, if any.
    pub name: Option<String>,
    /// The `data:` lines joined with line feeds.
    pub data: String,
}

#[derive(Default)]
pub struct Decoder {
    /// Bytes of a line not yet terminated (a chunk may end anywhere, even inside a character).
    partial: Vec<u8>,
    name: Option<String>,
    data: Option<String>,
    /// The previous chunk ended with `\r`: a `\n` starting the next one belongs to it.
    after_cr: bool,
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Feeds received bytes; returns the events they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut events = Vec::new();
        for &byte in bytes {
            let after_cr = std::mem::replace(&mut self.after_cr, false);
            match byte {
                b'\n' if after_cr => {}
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    let line = std::mem::take(&mut self.partial);
                    self.line(&String::from_utf8_lossy(&line), &mut events);
                }
                _ => self.partial.push(byte),
            }
        }
        events
    }

    /// The event left when the stream ends without a final blank line.
    pub fn finish(&mut self) -> Option<Event> {
        let mut events = Vec::new();
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.line(&String::from_utf8_lossy(&line), &mut events);
        }
        self.line("", &mut events);
        events.pop()
    }

    fn line(&mut self, line: &str, events: &mut Vec<Event>) {
        if line.is_empty() {
            if let Some(data) = self.data.take() {
                events.push(Event {
                    name: self.name.take(),
                    data,
                });
            }
            self.name = None;
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            "event" => self.name = Some(value.to_owned()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: Option<&str>, data: &str) -> Event {
        Event {
            name: name.map(str::to_owned),
            data: data.to_owned(),
        }
    }

    #[test]
    fn events_may_be_split_anywhere() {
        let text = "event: delta\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n: comment\n\ndata: é\n\n";
        let bytes = text.as_bytes();
        for cut in 0..bytes.len() {
            let mut decoder = Decoder::new();
            let mut events = decoder.feed(&bytes[..cut]);
            events.extend(decoder.feed(&bytes[cut..]));
            assert_eq!(
                events,
                [event(Some("delta"), "{\"a\":\n1}"), event(None, "é")],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn an_unterminated_last_event_is_kept() {
        let mut decoder = Decoder::new();
        assert!(decoder.feed(b"data: [DONE]").is_empty());
        assert_eq!(decoder.finish(), Some(event(None, "[DONE]")));
        assert_eq!(decoder.finish(), None);
    }
}
