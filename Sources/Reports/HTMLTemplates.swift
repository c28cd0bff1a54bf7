/// The Mustache templates of the HTML report (`HTMLReport`), kept as string literals so the
/// target needs no resources. `{{name}}` is escaped for HTML by swift-mustache; `{{{name}}}` is
/// used only for a file's section, which its own template escaped already.
enum HTMLTemplates {
  /// The page: the summary, then each file's section. Self-contained: the style is inline and
  /// nothing is loaded from elsewhere.
  static let page = """
    <!DOCTYPE html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}}</title>
    <style>
    body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 1.5em; color: #222; font-size: 14px; }
    h1 { font-size: 1.5em; margin: 0 0 .3em; }
    h2 { font-size: 1.15em; margin: 1.6em 0 .3em; font-family: "DejaVu Sans Mono", monospace; }
    p.summary { font-size: 1.05em; padding: .5em .8em; background: #f1f3f5; border-left: 4px solid #555; }
    p.problem { color: #8a1c1c; }
    p.plan { color: #555; margin: .2em 0 .6em; }
    table.plan { border-collapse: collapse; }
    table.plan th, table.plan td { border: 1px solid #ccc; padding: .25em .6em; vertical-align: top; }
    table.plan thead th { background: #eef; }
    table.plan tbody th { text-align: left; font-weight: normal; }
    td.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
    tr.kind-aggregate th, tr.kind-total th, tr.kind-result th,
    tr.kind-aggregate td.amount, tr.kind-total td.amount, tr.kind-result td.amount { font-weight: bold; }
    tr.section-produits th { color: #1d4f91; }
    th.level-1 { padding-left: 1.8em; } th.level-2 { padding-left: 3em; } th.level-3 { padding-left: 4.2em; }
    td.finding-error { background: #ffd6d6; outline: 2px solid #c62828; }
    td.finding-warning { background: #fff1c2; outline: 2px solid #d99e00; }
    td.finding-info { background: #dcecff; outline: 2px solid #1f6fd1; }
    td.messages { max-width: 40em; font-size: .92em; }
    p.message { margin: 0 0 .25em; }
    p.message-error { color: #8a1c1c; } p.message-warning { color: #7a5600; } p.message-info { color: #1d4f91; }
    span.cell { font-family: "DejaVu Sans Mono", monospace; font-weight: bold; }
    </style>
    </head>
    <body>
    <h1>{{title}}</h1>
    <p class="summary">{{summary}}</p>
    {{{files}}}
    </body>
    </html>

    """

  /// One file: its path, what kept it from being checked or its plan as a table, each amount
  /// in its cell, the cells of findings highlighted (`finding finding-<severity>`) and the
  /// findings' messages in the row's last column; findings at no cell of the table below it.
  static let file = """
    <section class="file status-{{status}}">
    <h2>{{path}}</h2>
    {{#hasProblem}}<p class="problem">{{problem}}</p>{{/hasProblem}}
    {{#hasPlan}}
    <p class="plan">{{planLine}} — {{counts}}</p>
    <table class="plan">
    <thead><tr><th>{{lineHeading}}</th>{{#periods}}<th>{{label}}</th>{{/periods}}<th>{{findingsHeading}}</th></tr></thead>
    <tbody>
    {{#rows}}
    <tr class="kind-{{kind}} section-{{section}}"><th scope="row" class="level-{{level}}">{{label}}</th>{{#cells}}<td class="amount{{#hasFinding}} finding finding-{{severity}}{{/hasFinding}}" data-cell="{{ref}}"{{#hasFinding}} title="{{title}}"{{/hasFinding}}>{{amount}}</td>{{/cells}}<td class="messages">{{#messages}}<p class="message message-{{severity}}"><span class="cell">{{cell}}</span> {{text}}</p>{{/messages}}</td></tr>
    {{/rows}}
    </tbody>
    </table>
    {{#hasOthers}}
    <h3>{{otherFindings}}</h3>
    <ul class="others">{{#others}}<li class="message message-{{severity}}"><span class="cell">{{cell}}</span> {{text}}</li>{{/others}}</ul>
    {{/hasOthers}}
    {{/hasPlan}}
    </section>

    """
}
