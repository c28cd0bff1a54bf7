/// The sentences of ``Problem``s and ``Cause``s: one table per language.
///
/// Each table is an exhaustive `switch`: a problem added to ``Problem`` without its sentence in
/// both languages does not compile. French follows French typography (« » with narrow no-break
/// spaces, grouped figures `1 048 576`); English uses “ ” and `1,048,576`.
public enum ProblemPhrases {
  /// `problem` as a sentence in `language`, without the location or the code.
  public static func text(_ problem: Problem, _ language: MessageLanguage) -> String {
    switch language {
    case .fr: french(problem)
    case .en: english(problem)
    }
  }

  /// `cause` in `language`: in English the library's or the system's own text; in French the
  /// translation of its code, or, for a code this table does not know, its number.
  public static func text(_ cause: Cause, _ language: MessageLanguage) -> String {
    switch language {
    case .en: cause.text
    case .fr: frenchCause(cause)
    }
  }

  /// What a safety cap's option is called, after a sentence about the cap.
  private static func raise(_ option: String, _ language: MessageLanguage) -> String {
    language == .fr ? " (option \(option) pour relever la limite)" : " (raise with \(option))"
  }

  /// `n` with its groups of three digits: `1 048 576` in French (narrow no-break spaces),
  /// `1,048,576` in English.
  public static func grouped<N: BinaryInteger>(_ n: N, _ language: MessageLanguage) -> String {
    let digits = Array(String(n.magnitude))
    var out = n < 0 ? "−" : ""
    for (i, d) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out += language == .fr ? "\u{202F}" : "," }
      out.append(d)
    }
    return out
  }

  private static let readable = ".xlsx .xlsm .xltx .xltm .ods .ots"

  // MARK: English

  static func english(_ problem: Problem) -> String {
    let q = MessageLanguage.en.quoted
    func g<N: BinaryInteger>(_ n: N) -> String { grouped(n, .en) }
    func raise(_ option: String) -> String { Self.raise(option, .en) }
    let saveAs = "open it in LibreOffice Calc or Excel, save it as .xlsx or .ods, and check that copy"
    switch problem {
    case .noSuchFile: return "no such file or folder"
    case .isFolder: return "this is a folder, not a workbook file"
    case .notRegularFile: return "not a regular file (a pipe, a socket or a device)"
    case .cannotOpen(let cause): return "the file cannot be opened: \(text(cause, .en))"
    case .noExtension: return "the file has no extension; Equilibre reads workbooks named \(readable)"
    case .unknownExtension(let ext, let foreign):
      return "\(q("." + ext)) is not a workbook extension Equilibre reads (\(readable))"
        + (foreign == nil ? "" : ": " + saveAs)
    case .outputExists: return "the file exists already; Equilibre does not write over it without --force"
    case .outputIsInput: return "the output is the input file; Equilibre never writes over its input"
    case .outputExtension: return "the output must end in \(readable)"
    case .outputFormat(let input, let output):
      return "the input is \(input) and the output \(output): name the output .\(input)"
    case .cannotWrite(let cause): return "the output cannot be written: \(text(cause, .en))"
    case .cannotAddPart(let name, let cause): return "part \(q(name)) cannot be written: \(text(cause, .en))"
    case .foldersTooDeep(let limit): return "folders nest deeper than \(limit) levels here; not searched"
    case .cannotOpenFolder(let cause): return "the folder cannot be opened: \(text(cause, .en))"
    case .folderNameNotUTF8: return "the folder's name is not valid UTF-8, so it was not searched; rename it"
    case .fileNameNotUTF8: return "the file's name is not valid UTF-8; rename the file to check it"
    case .danglingLink: return "the link points at a file that does not exist"
    case .notZip: return "the file is not a zip archive, so not an .xlsx or .ods package"
    case .encryptedPackage:
      return "the file is an encrypted (password-protected) workbook; save it without a password"
    case .legacyBinary: return "the file is an Excel 97-2003 workbook (.xls), which Equilibre does not read: " + saveAs
    case .zipDamaged(let cause) where cause.source == .libzip && cause.code == 19:
      // libzip's "Not a zip archive" for a file that starts like one: its directory is missing.
      return "the zip archive is damaged: its directory is missing, the file is probably truncated"
    case .zipDamaged(let cause): return "the zip archive is damaged (\(text(cause, .en)))"
    case .tooManyEntries(let count, let limit):
      return "the archive lists \(g(count)) entries, more than the \(g(limit)) allowed" + raise("--max-zip-entries")
    case .duplicateEntry(let name): return "the archive holds two entries named \(q(name))"
    case .missingPart(let name): return "the package has no part \(q(name))"
    case .entryDamaged(let cause): return "the part is damaged (\(text(cause, .en)))"
    case .entryEncrypted: return "the part is encrypted inside the zip"
    case .entryDeclaresTooMuch(let bytes, let limit):
      return "the part declares \(g(bytes)) bytes, more than the \(g(limit)) MiB allowed" + raise("--max-inflated-mib")
    case .entryInflatesTooMuch(let limit):
      return "the part inflates past \(g(limit)) MiB" + raise("--max-inflated-mib")
    case .totalInflatesTooMuch(let limit):
      return "the parts read inflate past \(g(limit)) MiB in all" + raise("--max-total-inflated-mib")
    case .inflateRatio(let ratio, let inflated, let compressed):
      return "the part inflates more than \(ratio):1 (\(g(inflated)) bytes from \(g(compressed))), like a zip bomb"
        + raise("--max-inflate-ratio")
    case .parserUnavailable: return "the XML parser could not be created"
    case .malformedXML(let cause): return "the XML is not well-formed" + (cause.map { " (\(text($0, .en)))" } ?? "")
    case .badEncoding: return "the XML's bytes are not valid in the part's declared encoding"
    case .utf16Part: return "the part is encoded in UTF-16; only UTF-8 parts are rewritten"
    case .tooDeep(let limit): return "elements nest deeper than \(g(limit)) levels" + raise("--max-xml-depth")
    case .textTooLong(let limit): return "a text is longer than \(g(limit)) MiB" + raise("--max-text-mib")
    case .doctype: return "the part declares a document type (DOCTYPE), which spreadsheets never need; refused"
    case .entityDeclaration: return "the part declares an entity, which spreadsheets never need; refused"
    case .noRootElement: return "the part has no root element"
    case .strayEndTag: return "an end tag closes no element"
    case .brokenMarkup(let markup, let byte):
      let what =
        switch markup {
        case .unclosedTag: "a tag does not close"
        case .unclosedComment: "a comment does not close"
        case .unclosedCDATA: "a CDATA section does not close"
        case .unclosedProcessingInstruction: "a processing instruction does not close"
        case .unclosedAttribute: "an attribute value does not close"
        case .badAttribute: "an attribute is malformed"
        case .badTag: "a tag is malformed"
        case .mismatchedEndTag: "an end tag does not match its start tag"
        case .unclosedElement: "the document ends before its elements close"
        case .truncated: "the document ends inside a tag"
        }
      return "\(what) (byte \(g(byte)))"
    case .controlCharacter(let c):
      return "a text holds control character U+\(String(c, radix: 16, uppercase: true)), which XML cannot carry"
    case .noContent: return "the package has no content.xml; it is not an OpenDocument spreadsheet"
    case .encryptedSpreadsheet: return "the spreadsheet is encrypted (password-protected); save it without a password"
    case .notASpreadsheet: return "content.xml holds no spreadsheet; the document is not a spreadsheet"
    case .noWorkbookPart(let part): return "the package has no workbook part (\(part)); it is not a spreadsheet"
    case .noWorkbookElement: return "the workbook part has no workbook element"
    case .sheetWithoutPart(let sheet, let relationship):
      return "sheet \(q(sheet)) names no part in the package (relationship \(relationship ?? "none"))"
    case .tooManyCells(let limit):
      return "the workbook holds more than \(g(limit)) non-empty cells" + raise("--max-cells")
    case .tooMuchCellText(let limit):
      return "the cells of the workbook hold more than \(g(limit)) MiB of text" + raise("--max-cell-text-mib")
    case .cellTextTooLong(let limit): return "a cell's text is longer than \(g(limit)) MiB" + raise("--max-text-mib")
    case .tooManySharedStrings(let limit):
      return "the shared-strings table holds more than \(g(limit)) strings" + raise("--max-cells")
    case .rowRepeatPastGrid(let row, let repeats):
      return "row \(g(row)) is repeated \(g(repeats)) times with content, past the grid's last row 1,048,576"
    case .cellRepeatPastGrid(let row, let column, let repeats):
      return "a cell with content repeated \(g(repeats)) times at row \(g(row)), column \(g(column)) lies past the grid (1,048,576 rows × 16,384 columns)"
    case .rowPastLastColumn(let row): return "row \(g(row)) has more cells than the grid's 16,384 columns"
    case .notAPositiveNumber(let attribute, let value):
      return "\(attribute)=\(q(value)) is not a positive whole number"
    case .rowOutsideGrid(let text): return "row number \(q(text)) is not a row of the grid (1 to 1,048,576)"
    case .notACellReference(let text): return "\(q(text)) is not a cell reference of the grid"
    case .notANumber(let text): return "\(q(text)) is not a number"
    case .notADate(let text): return "\(q(text)) is not an ISO 8601 date"
    case .sharedStringPastTable(let index, let count):
      return "the cell points at shared string \(q(index)), but the table holds \(g(count))"
    case .noSuchSheet(let name): return "the workbook has no sheet named \(q(name))"
    case .ambiguousSheet(let name, let count):
      return "\(count) tables are named \(q(name)); which one to correct is ambiguous"
    case .sheetWithoutCells(let name): return "sheet \(q(name)) has no cells to correct"
    case .sheetSharesPart(let name, let other):
      return "sheet \(q(name)) shares its part with sheet \(q(other)); correcting one would change both"
    case .sheetHasComments(let name):
      return "sheet \(q(name)) has comments already; Equilibre cannot add its notes to them"
    case .sheetHasLegacyDrawing(let name):
      return "sheet \(q(name)) has a legacy drawing already; Equilibre cannot add its notes to it"
    case .notPlainDecimal(let number): return "\(q(number)) is not a plain decimal number"
    case .rowsNotFollowed(let missed, let total):
      return "\(g(missed)) of the \(g(total)) cells to correct lie where the rows could not be followed; nothing was written"
    case .moreTablesThanSheets(let count): return "the part holds more tables than the \(g(count)) sheets read from it"
    case .tableNameMismatch(let index, let written, let read):
      return "table \(index) is named \(q(written)), but the sheet read there is \(q(read))"
    case .rowInsideRow: return "a row starts inside the row being corrected"
    case .coveredCell(let cell):
      return "cell \(cell) is covered by a merged range; only the range's first cell can be corrected"
    case .overlappingRows(let cell): return "cell \(cell) lies where the rows of the table overlap; it was not corrected"
    case .arrayFormulaCell(let cell, let range):
      return "cell \(cell) is part of the array formula of \(range); Equilibre cannot change it without breaking the array"
    case .noSheetData(let cell, let others):
      return "cell \(cell) could not be written: the sheet has no cell table to hold it"
        + (others > 0 ? " (nor \(g(others)) other cells)" : "")
    case .noWorksheetElement: return "the sheet part has no worksheet element to hold the notes' drawing"
    case .sharedFormulaUnknown(let cell):
      return "cell \(cell) shares a formula whose first cell is changed, but its formula is unknown"
    }
  }

  // MARK: French

  static func french(_ problem: Problem) -> String {
    let q = MessageLanguage.fr.quoted
    func g<N: BinaryInteger>(_ n: N) -> String { grouped(n, .fr) }
    func raise(_ option: String) -> String { Self.raise(option, .fr) }
    let saveAs = "ouvrez-le dans LibreOffice Calc ou Excel, enregistrez-le en .xlsx ou .ods et vérifiez cette copie"
    switch problem {
    case .noSuchFile: return "ce fichier ou ce dossier n'existe pas"
    case .isFolder: return "c'est un dossier, pas un classeur"
    case .notRegularFile: return "ce n'est pas un fichier ordinaire (un tube, une socket ou un périphérique)"
    case .cannotOpen(let cause): return "le fichier ne peut pas être ouvert : \(text(cause, .fr))"
    case .noExtension: return "le fichier n'a pas d'extension ; Equilibre lit les classeurs \(readable)"
    case .unknownExtension(let ext, let foreign):
      return "\(q("." + ext)) n'est pas une extension de classeur qu'Equilibre lit (\(readable))"
        + (foreign == nil ? "" : " : " + saveAs)
    case .outputExists: return "le fichier existe déjà ; Equilibre ne l'écrase pas sans --force"
    case .outputIsInput: return "le fichier à écrire est le fichier lu ; Equilibre n'écrit jamais sur ce qu'il lit"
    case .outputExtension: return "le fichier à écrire doit finir par \(readable)"
    case .outputFormat(let input, let output):
      return "le fichier lu est un \(input) et le fichier à écrire un \(output) : nommez-le .\(input)"
    case .cannotWrite(let cause): return "le fichier ne peut pas être écrit : \(text(cause, .fr))"
    case .cannotAddPart(let name, let cause):
      return "la partie \(q(name)) ne peut pas être écrite : \(text(cause, .fr))"
    case .foldersTooDeep(let limit):
      return "les dossiers s'imbriquent ici sur plus de \(limit) niveaux ; ils n'ont pas été parcourus"
    case .cannotOpenFolder(let cause): return "le dossier ne peut pas être ouvert : \(text(cause, .fr))"
    case .folderNameNotUTF8:
      return "le nom du dossier n'est pas de l'UTF-8 valide, il n'a donc pas été parcouru ; renommez-le"
    case .fileNameNotUTF8: return "le nom du fichier n'est pas de l'UTF-8 valide ; renommez-le pour le vérifier"
    case .danglingLink: return "le lien mène à un fichier qui n'existe pas"
    case .notZip: return "le fichier n'est pas une archive zip, donc ni un .xlsx ni un .ods"
    case .encryptedPackage:
      return "le classeur est chiffré (protégé par un mot de passe) ; enregistrez-le sans mot de passe"
    case .legacyBinary:
      return "le fichier est un classeur Excel 97-2003 (.xls), qu'Equilibre ne lit pas : " + saveAs
    case .zipDamaged(let cause) where cause.source == .libzip && cause.code == 19:
      return "l'archive zip est endommagée : son répertoire manque, le fichier est sans doute tronqué"
    case .zipDamaged(let cause): return "l'archive zip est endommagée (\(text(cause, .fr)))"
    case .tooManyEntries(let count, let limit):
      return "l'archive compte \(g(count)) entrées, plus que les \(g(limit)) permises" + raise("--max-zip-entries")
    case .duplicateEntry(let name): return "l'archive contient deux entrées nommées \(q(name))"
    case .missingPart(let name): return "le paquet n'a pas de partie \(q(name))"
    case .entryDamaged(let cause): return "la partie est endommagée (\(text(cause, .fr)))"
    case .entryEncrypted: return "la partie est chiffrée dans l'archive zip"
    case .entryDeclaresTooMuch(let bytes, let limit):
      return "la partie annonce \(g(bytes)) octets, plus que les \(g(limit)) Mio permis" + raise("--max-inflated-mib")
    case .entryInflatesTooMuch(let limit):
      return "la partie décompressée dépasse \(g(limit)) Mio" + raise("--max-inflated-mib")
    case .totalInflatesTooMuch(let limit):
      return "les parties lues dépassent \(g(limit)) Mio une fois décompressées" + raise("--max-total-inflated-mib")
    case .inflateRatio(let ratio, let inflated, let compressed):
      return "la partie se décompresse plus de \(ratio) fois (\(g(inflated)) octets pour \(g(compressed))), comme une bombe zip"
        + raise("--max-inflate-ratio")
    case .parserUnavailable: return "l'analyseur XML n'a pas pu être créé"
    case .malformedXML(let cause): return "le XML est mal formé" + (cause.map { " (\(text($0, .fr)))" } ?? "")
    case .badEncoding: return "les octets du XML ne sont pas valides dans l'encodage déclaré par la partie"
    case .utf16Part: return "la partie est encodée en UTF-16 ; seules les parties UTF-8 sont réécrites"
    case .tooDeep(let limit): return "les éléments s'imbriquent sur plus de \(g(limit)) niveaux" + raise("--max-xml-depth")
    case .textTooLong(let limit): return "un texte dépasse \(g(limit)) Mio" + raise("--max-text-mib")
    case .doctype:
      return "la partie déclare un type de document (DOCTYPE), dont un tableur n'a jamais besoin ; refusé"
    case .entityDeclaration: return "la partie déclare une entité, dont un tableur n'a jamais besoin ; refusé"
    case .noRootElement: return "la partie n'a pas d'élément racine"
    case .strayEndTag: return "une balise fermante ne ferme aucun élément"
    case .brokenMarkup(let markup, let byte):
      let what =
        switch markup {
        case .unclosedTag: "une balise ne se ferme pas"
        case .unclosedComment: "un commentaire ne se ferme pas"
        case .unclosedCDATA: "une section CDATA ne se ferme pas"
        case .unclosedProcessingInstruction: "une instruction de traitement ne se ferme pas"
        case .unclosedAttribute: "la valeur d'un attribut ne se ferme pas"
        case .badAttribute: "un attribut est mal formé"
        case .badTag: "une balise est mal formée"
        case .mismatchedEndTag: "une balise fermante ne correspond pas à sa balise ouvrante"
        case .unclosedElement: "le document s'arrête avant que ses éléments soient fermés"
        case .truncated: "le document s'arrête au milieu d'une balise"
        }
      return "\(what) (octet \(g(byte)))"
    case .controlCharacter(let c):
      return "un texte contient le caractère de contrôle U+\(String(c, radix: 16, uppercase: true)), que le XML ne peut pas porter"
    case .noContent: return "le paquet n'a pas de content.xml ; ce n'est pas un classeur OpenDocument"
    case .encryptedSpreadsheet:
      return "le classeur est chiffré (protégé par un mot de passe) ; enregistrez-le sans mot de passe"
    case .notASpreadsheet: return "content.xml ne contient pas de classeur ; le document n'est pas un tableur"
    case .noWorkbookPart(let part): return "le paquet n'a pas de partie classeur (\(part)) ; ce n'est pas un tableur"
    case .noWorkbookElement: return "la partie classeur n'a pas d'élément workbook"
    case .sheetWithoutPart(let sheet, let relationship):
      return "la feuille \(q(sheet)) ne désigne aucune partie du paquet (relation \(relationship ?? "absente"))"
    case .tooManyCells(let limit):
      return "le classeur contient plus de \(g(limit)) cellules non vides" + raise("--max-cells")
    case .tooMuchCellText(let limit):
      return "les cellules du classeur contiennent plus de \(g(limit)) Mio de texte" + raise("--max-cell-text-mib")
    case .cellTextTooLong(let limit): return "le texte d'une cellule dépasse \(g(limit)) Mio" + raise("--max-text-mib")
    case .tooManySharedStrings(let limit):
      return "la table des textes partagés contient plus de \(g(limit)) textes" + raise("--max-cells")
    case .rowRepeatPastGrid(let row, let repeats):
      return "la ligne \(g(row)) est répétée \(g(repeats)) fois avec du contenu, au-delà de la dernière ligne de la grille (1\u{202F}048\u{202F}576)"
    case .cellRepeatPastGrid(let row, let column, let repeats):
      return "une cellule non vide répétée \(g(repeats)) fois, ligne \(g(row)), colonne \(g(column)), déborde de la grille (1\u{202F}048\u{202F}576 lignes × 16\u{202F}384 colonnes)"
    case .rowPastLastColumn(let row):
      return "la ligne \(g(row)) a plus de cellules que les 16\u{202F}384 colonnes de la grille"
    case .notAPositiveNumber(let attribute, let value):
      return "\(attribute)=\(q(value)) n'est pas un nombre entier positif"
    case .rowOutsideGrid(let text): return "le numéro de ligne \(q(text)) n'est pas une ligne de la grille (1 à 1\u{202F}048\u{202F}576)"
    case .notACellReference(let text): return "\(q(text)) n'est pas une référence de cellule de la grille"
    case .notANumber(let text): return "\(q(text)) n'est pas un nombre"
    case .notADate(let text): return "\(q(text)) n'est pas une date ISO 8601"
    case .sharedStringPastTable(let index, let count):
      return "la cellule renvoie au texte partagé \(q(index)), mais la table n'en contient que \(g(count))"
    case .noSuchSheet(let name): return "le classeur n'a pas de feuille nommée \(q(name))"
    case .ambiguousSheet(let name, let count):
      return "\(count) tables s'appellent \(q(name)) ; impossible de savoir laquelle corriger"
    case .sheetWithoutCells(let name): return "la feuille \(q(name)) n'a pas de cellules à corriger"
    case .sheetSharesPart(let name, let other):
      return "la feuille \(q(name)) partage sa partie avec la feuille \(q(other)) ; corriger l'une changerait l'autre"
    case .sheetHasComments(let name):
      return "la feuille \(q(name)) a déjà des commentaires ; Equilibre ne peut pas y ajouter ses notes"
    case .sheetHasLegacyDrawing(let name):
      return "la feuille \(q(name)) a déjà un dessin hérité ; Equilibre ne peut pas y ajouter ses notes"
    case .notPlainDecimal(let number): return "\(q(number)) n'est pas un nombre décimal simple"
    case .rowsNotFollowed(let missed, let total):
      return "\(g(missed)) des \(g(total)) cellules à corriger sont là où les lignes n'ont pas pu être suivies ; rien n'a été écrit"
    case .moreTablesThanSheets(let count):
      return "la partie contient plus de tables que les \(g(count)) feuilles qui y ont été lues"
    case .tableNameMismatch(let index, let written, let read):
      return "la table \(index) s'appelle \(q(written)), mais la feuille lue à cette place est \(q(read))"
    case .rowInsideRow: return "une ligne commence à l'intérieur de la ligne corrigée"
    case .coveredCell(let cell):
      return "la cellule \(cell) est couverte par une fusion ; seule la première cellule de la fusion peut être corrigée"
    case .overlappingRows(let cell):
      return "la cellule \(cell) se trouve là où des lignes de la table se chevauchent ; elle n'a pas été corrigée"
    case .arrayFormulaCell(let cell, let range):
      return "la cellule \(cell) fait partie de la formule matricielle de \(range) ; Equilibre ne peut pas la changer sans casser la matrice"
    case .noSheetData(let cell, let others):
      return "la cellule \(cell) n'a pas pu être écrite : la feuille n'a pas de table de cellules pour la recevoir"
        + (others > 0 ? " (ni \(g(others)) autres cellules)" : "")
    case .noWorksheetElement:
      return "la partie de la feuille n'a pas d'élément worksheet pour recevoir le dessin des notes"
    case .sharedFormulaUnknown(let cell):
      return "la cellule \(cell) partage une formule dont la première cellule change, mais sa formule est inconnue"
    }
  }

  /// A cause in French, from its code.
  private static func frenchCause(_ cause: Cause) -> String {
    switch cause.source {
    case .system:
      switch cause.code {
      case 1, 13: return "permission refusée"
      case 2: return "fichier ou dossier introuvable"
      case 5: return "erreur d'entrée-sortie"
      case 17: return "le fichier existe déjà"
      case 20: return "un élément du chemin n'est pas un dossier"
      case 21: return "c'est un dossier"
      case 24: return "trop de fichiers ouverts"
      case 28: return "plus de place sur le disque"
      case 30: return "système de fichiers en lecture seule"
      case 36: return "nom de fichier trop long"
      case 18: return "déplacement impossible entre deux systèmes de fichiers"
      case 122: return "quota de disque dépassé"
      default: return "erreur système n° \(cause.code)"
      }
    case .libzip:
      switch cause.code {
      case 1: return "archive en plusieurs volumes, non prise en charge"
      case 2, 3, 6: return "écriture impossible"
      case 4, 5, 30: return "lecture impossible"
      case 7: return "somme de contrôle (CRC) fausse"
      case 9: return "entrée introuvable"
      case 10: return "le fichier existe déjà"
      case 11: return "ouverture impossible"
      case 12: return "fichier temporaire impossible à créer"
      case 13, 31: return "données compressées invalides"
      case 14: return "mémoire insuffisante"
      case 16: return "méthode de compression non prise en charge"
      case 17: return "fin de fichier prématurée, le fichier est sans doute tronqué"
      case 19: return "ce n'est pas une archive zip"
      case 21: return "archive incohérente"
      case 24: return "méthode de chiffrement non prise en charge"
      case 26, 27: return "mot de passe requis"
      default: return "erreur libzip n° \(cause.code)"
      }
    case .libxml2:
      switch cause.code {
      case 4, 5: return "document vide ou incomplet"
      case 9: return "caractère invalide"
      case 23, 26: return "entité inconnue ou référence mal formée"
      case 38, 39, 40, 41: return "attribut mal formé"
      case 42: return "attribut répété"
      case 68, 73: return "nom d'élément mal formé"
      case 76: return "balise fermante qui ne correspond pas à la balise ouvrante"
      case 77: return "balise non fermée à la fin du document"
      case 86: return "du contenu suit l'élément racine"
      default: return "erreur libxml2 n° \(cause.code)"
      }
    }
  }
}
