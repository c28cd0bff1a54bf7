/// Parsers for the typed value attributes of an ODS cell (ODF 1.3 Part 3 §19.385–19.390),
/// working on the attribute's bytes so no `String` is made for a well-formed value.
enum ODSValues {
  /// A parsed `office:date-value`: its serial in the 1900 system, and whether it named a time.
  struct DateValue: Equatable {
    var serial: Double
    /// The value had a `T…` time part (even `T00:00:00`): a date-time, not a date.
    var hasTime: Bool
  }

  /// Parses an `xsd:date` or `xsd:dateTime` (`2003-02-01`, `2003-02-01T13:45:00.5`, an
  /// optional zone suffix which is ignored) into a serial; nil when it is not one.
  static func date(_ b: UnsafeBufferPointer<UInt8>) -> DateValue? {
    var i = 0
    let n = b.count
    func digits(_ minCount: Int, _ maxCount: Int) -> Int? {
      var value = 0
      var count = 0
      while i < n, count < maxCount, b[i] >= 0x30, b[i] <= 0x39 {
        value = value * 10 + Int(b[i] - 0x30)
        i += 1
        count += 1
      }
      return count >= minCount ? value : nil
    }
    func expect(_ c: UInt8) -> Bool {
      guard i < n, b[i] == c else { return false }
      i += 1
      return true
    }
    var negativeYear = false
    if i < n, b[i] == 0x2D {
      negativeYear = true
      i += 1
    }
    guard let y = digits(4, 9), expect(0x2D), let m = digits(2, 2), expect(0x2D),
      let d = digits(2, 2),
      (1...12).contains(m), (1...31).contains(d)
    else { return nil }
    let year = negativeYear ? -y : y
    var hour = 0
    var minute = 0
    var second = 0.0
    var hasTime = false
    if i < n, b[i] == 0x54 {  // 'T'
      i += 1
      hasTime = true
      guard let h = digits(2, 2), expect(0x3A), let mi = digits(2, 2), h <= 24, mi <= 59 else {
        return nil
      }
      hour = h
      minute = mi
      if expect(0x3A) {
        guard let s = digits(2, 2) else { return nil }
        second = Double(s)
        if i < n, b[i] == 0x2E || b[i] == 0x2C {
          i += 1
          var scale = 0.1
          let start = i
          while i < n, b[i] >= 0x30, b[i] <= 0x39 {
            second += Double(b[i] - 0x30) * scale
            scale /= 10
            i += 1
          }
          guard i > start else { return nil }
        }
      }
    }
    // A zone suffix (`Z`, `+01:00`) is accepted and ignored: spreadsheets have no time zones.
    if i < n {
      guard b[i] == 0x5A || b[i] == 0x2B || b[i] == 0x2D else { return nil }
    }
    let serial = DateSerial.serial(
      year: year, month: m, day: d, hour: hour, minute: minute, second: second, system: .from1900)
    return DateValue(serial: serial, hasTime: hasTime)
  }

  /// Parses an `xsd:duration` as ODF writes a time (`PT12H30M00S`, `-PT1H`, `P1DT2H`,
  /// `PT0.5S`) into days; nil for anything else, and for years or months, whose length in
  /// days is not fixed.
  static func duration(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    var i = 0
    let n = b.count
    var negative = false
    if i < n, b[i] == 0x2D {
      negative = true
      i += 1
    }
    guard i < n, b[i] == 0x50 else { return nil }  // 'P'
    i += 1
    var seconds = 0.0
    var inTime = false
    var any = false
    while i < n {
      if b[i] == 0x54 {  // 'T'
        guard !inTime else { return nil }
        inTime = true
        i += 1
        continue
      }
      var value = 0.0
      var sawDigit = false
      while i < n, b[i] >= 0x30, b[i] <= 0x39 {
        value = value * 10 + Double(b[i] - 0x30)
        sawDigit = true
        i += 1
      }
      if i < n, b[i] == 0x2E || b[i] == 0x2C {
        i += 1
        var scale = 0.1
        while i < n, b[i] >= 0x30, b[i] <= 0x39 {
          value += Double(b[i] - 0x30) * scale
          scale /= 10
          sawDigit = true
          i += 1
        }
      }
      guard sawDigit, i < n else { return nil }
      switch (b[i], inTime) {
      case (0x44, false): seconds += value * 86_400  // D
      case (0x48, true): seconds += value * 3_600  // H
      case (0x4D, true): seconds += value * 60  // M (minutes)
      case (0x53, true): seconds += value  // S
      default: return nil
      }
      any = true
      i += 1
    }
    // Hundreds of digits make an infinite number of seconds: not a duration.
    guard any, seconds.isFinite else { return nil }
    let days = seconds / 86_400
    return negative ? -days : days
  }

  /// Whether an `office:boolean-value` says true (`true`, also `TRUE`, `True` and `1` as
  /// some producers write it).
  static func boolean(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = b.first else { return false }
    return (first | 0x20) == 0x74 || (b.count == 1 && first == 0x31)
  }
}
