/// Conversions between spreadsheet serial numbers and calendar dates.
///
/// A serial is a count of days (fractions are the time of day) from the epoch of the
/// workbook's ``DateSystem``. The 1900 system keeps Lotus 1-2-3's phantom 1900-02-29
/// (serial 60), so serials from 61 on are days since 1899-12-30.
public enum DateSerial {
  /// Days from 1970-01-01 to the proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }

  private static let epoch1900 = daysFromCivil(1899, 12, 30)
  private static let epoch1904 = daysFromCivil(1904, 1, 1)

  /// The largest year, and the smallest negated, that dates are read with.
  public static let maxYear = 999_999_999

  /// The serial of a calendar date and time; `year` is clamped to ±``maxYear``.
  public static func serial(
    year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0,
    system: DateSystem
  ) -> Double {
    // Years are clamped to nine digits (as ODS reads them), so no year overflows the day count.
    let days = daysFromCivil(min(max(year, -maxYear), maxYear), month, day)
    var whole: Int
    switch system {
    case .from1900:
      whole = days - epoch1900
      if whole < 61 { whole -= 1 }
    case .from1904:
      whole = days - epoch1904
    }
    return Double(whole) + (Double(hour) * 3600 + Double(minute) * 60 + second) / 86400
  }

  /// Parses ISO 8601 `YYYY-MM-DD[THH:MM[:SS[.fff]]]` (a trailing `Z` is ignored) or a bare
  /// time `HH:MM[:SS]` into a serial; nil when the text is not one.
  public static func serial(iso text: String, system: DateSystem) -> Double? {
    var s = Substring(text)
    if s.hasSuffix("Z") { s = s.dropLast() }
    let dateTime = s.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
    var y = 0
    var mo = 0
    var d = 0
    var timePart: Substring?
    if dateTime.count == 1, s.contains(":") {
      timePart = s
    } else {
      let ymd = dateTime[0].split(separator: "-", omittingEmptySubsequences: false)
      guard ymd.count == 3, let yy = Int(ymd[0]), let mm = Int(ymd[1]), let dd = Int(ymd[2]),
        (1...12).contains(mm), (1...31).contains(dd), (-maxYear...maxYear).contains(yy)
      else { return nil }
      (y, mo, d) = (yy, mm, dd)
      if dateTime.count == 2 { timePart = dateTime[1] }
    }
    var h = 0
    var mi = 0
    var sec = 0.0
    if let t = timePart {
      let hms = t.split(separator: ":", omittingEmptySubsequences: false)
      guard hms.count >= 2, let hh = Int(hms[0]), let mm = Int(hms[1]) else { return nil }
      h = hh
      mi = mm
      if hms.count >= 3 {
        guard let ss = NumberText.double(String(hms[2])) else { return nil }
        sec = ss
      }
    }
    if dateTime.count == 1, timePart != nil {
      return (Double(h) * 3600 + Double(mi) * 60 + sec) / 86400
    }
    return serial(year: y, month: mo, day: d, hour: h, minute: mi, second: sec, system: system)
  }

  /// The largest serial shown as a date, time or date-time: 9999-12-31T23:59:59.999 in the 1900
  /// system, Excel's last day. ``Workbook/typed(_:)`` shows a date-formatted number beyond it
  /// (or below its negative) as the number it is, as Excel shows `#######`.
  public static let maxDateSerial = 2_958_466.0
  /// The longest elapsed time, in days, shown as a duration (about 27 million years); longer ones
  /// are shown as numbers.
  public static let maxDurationDays = 1e10

  /// Whether ``isoDate(_:system:)``, ``isoTime(_:system:)`` and ``isoDateTime(_:system:)`` give a
  /// calendar reading of this serial.
  public static func isDateSerial(_ serial: Double) -> Bool {
    serial.isFinite && abs(serial) < maxDateSerial
  }

  /// Whether ``isoDuration(_:)`` gives an exact reading of this many days.
  public static func isDuration(_ days: Double) -> Bool {
    days.isFinite && abs(days) <= maxDurationDays
  }

  /// Milliseconds in `days`, saturated so that no number, however large, traps.
  private static func milliseconds(_ days: Double) -> Int {
    guard days.isFinite else { return 0 }
    let limit = 1e11  // about 274 million years, far inside Int's range in milliseconds
    return Int((min(max(days, -limit), limit) * 86_400_000).rounded())
  }

  /// The parts of a serial, rounded to the millisecond. Serials beyond ``isDateSerial(_:)`` give
  /// meaningless but harmless parts (a non-finite serial reads as 0).
  public static func components(_ serial: Double, system: DateSystem)
    -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int)
  {
    let totalMs = milliseconds(serial)
    var days = totalMs >= 0 ? totalMs / 86_400_000 : (totalMs - 86_399_999) / 86_400_000
    let msOfDay = totalMs - days * 86_400_000
    var civil: (year: Int, month: Int, day: Int)
    switch system {
    case .from1900:
      if days == 60 {
        civil = (1900, 2, 29)
      } else {
        if days < 60 { days += 1 }
        civil = civilFromDays(epoch1900 + days)
      }
    case .from1904:
      civil = civilFromDays(epoch1904 + days)
    }
    let secs = msOfDay / 1000
    return (
      civil.year, civil.month, civil.day, secs / 3600, (secs / 60) % 60, secs % 60, (msOfDay % 1000) * 1000
    )
  }

  private static func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  /// `YYYY-MM-DD`.
  public static func isoDate(_ serial: Double, system: DateSystem) -> String {
    let c = components(serial, system: system)
    return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
  }

  /// `HH:MM:SS[.ffffff]`.
  public static func isoTime(_ serial: Double, system: DateSystem) -> String {
    let c = components(serial, system: system)
    var s = "\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    if c.microsecond != 0 { s += "." + pad(c.microsecond, 6) }
    return s
  }

  /// `YYYY-MM-DDTHH:MM:SS[.ffffff]`.
  public static func isoDateTime(_ serial: Double, system: DateSystem) -> String {
    isoDate(serial, system: system) + "T" + isoTime(serial, system: system)
  }

  /// An elapsed time as ISO 8601 `PT<h>H<m>M<s>S`; hours may exceed 24.
  public static func isoDuration(_ days: Double) -> String {
    let totalMs = milliseconds(days)
    let negative = totalMs < 0
    let ms = abs(totalMs)
    let secs = ms / 1000
    var s = (negative ? "-" : "") + "PT\(secs / 3600)H\((secs / 60) % 60)M\(secs % 60)"
    if ms % 1000 != 0 {
      var fraction = pad(ms % 1000, 3)
      while fraction.hasSuffix("0") { fraction.removeLast() }
      s += "." + fraction
    }
    return s + "S"
  }
}

/// Locale-independent parsing of numbers written in files.
public enum NumberText {
  /// Parses a finite `xsd:double` (C locale); nil otherwise.
  public static func double(_ text: String) -> Double? {
    XMLStreamNumber.parse(text)
  }
}
