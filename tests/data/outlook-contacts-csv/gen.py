#!/usr/bin/python3
"""gen.py: write the outlook-contacts-csv fixtures (ok/ and bad/ beside this
script).  Their bytes matter (Windows-1252, CRLF, a byte order mark,
UTF-16), so they are written here where the bytes are plain to read.
Running it again gives the committed files back.  Layouts follow
/work/shared/reference/provider-formats.md 6.2; names and numbers are made
up (555 numbers, example domains)."""
import os

here = os.path.dirname(os.path.abspath(__file__))

FULL = ["Title", "First Name", "Middle Name", "Last Name", "Suffix",
        "Company", "Department", "Job Title", "Business Street",
        "Business Street 2", "Business Street 3", "Business City",
        "Business State", "Business Postal Code", "Business Country/Region",
        "Home Street", "Home Street 2", "Home Street 3", "Home City",
        "Home State", "Home Postal Code", "Home Country/Region",
        "Other Street", "Other Street 2", "Other Street 3", "Other City",
        "Other State", "Other Postal Code", "Other Country/Region",
        "Assistant's Phone", "Business Fax", "Business Phone",
        "Business Phone 2", "Callback", "Car Phone", "Company Main Phone",
        "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone",
        "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone",
        "TTY/TDD Phone", "Telex", "Account", "Anniversary",
        "Assistant's Name", "Billing Information", "Birthday",
        "Business Address PO Box", "Categories", "Children",
        "Directory Server", "E-mail Address", "E-mail Type",
        "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type",
        "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type",
        "E-mail 3 Display Name", "Gender", "Government ID Number", "Hobby",
        "Home Address PO Box", "Initials", "Internet Free Busy", "Keywords",
        "Language", "Location", "Manager's Name", "Mileage", "Notes",
        "Office Location", "Organizational ID Number",
        "Other Address PO Box", "Priority", "Private", "Profession",
        "Referred By", "Sensitivity", "Spouse", "User 1", "User 2",
        "User 3", "User 4", "Web Page"]
assert len(FULL) == 92

MINIMAL = ("First Name,Middle Name,Last Name,Title,Suffix,Nickname,"
           "Given Yomi,Surname Yomi,E-mail Address,E-mail 2 Address,"
           "E-mail 3 Address,Home Phone,Home Phone 2,Business Phone,"
           "Business Phone 2,Mobile Phone,Car Phone,Other Phone,"
           "Primary Phone,Pager,Business Fax,Home Fax,Other Fax,"
           "Company Main Phone,Callback,Radio Phone,Telex,TTY/TDD Phone,"
           "IMAddress,Job Title,Department,Company,Office Location,"
           "Manager's Name,Assistant's Name,Assistant's Phone,Company Yomi,"
           "Business Street,Business City,Business State,"
           "Business Postal Code,Business Country/Region,Home Street,"
           "Home City,Home State,Home Postal Code,Home Country/Region,"
           "Other Street,Other City,Other State,Other Postal Code,"
           "Other Country/Region,Personal Web Page,Spouse,Schools,Hobby,"
           "Location,Web Page,Birthday,Anniversary,Notes")
assert len(MINIMAL.split(",")) == 61


def write(rel, text, encoding="utf-8", bom=b""):
    with open(os.path.join(here, rel), "wb") as f:
        f.write(bom + text.encode(encoding))


def quoted(cells):
    return ",".join('"%s"' % c.replace('"', '""') for c in cells)


def outlook_row(values):
    """A row of the 92 columns: Outlook's defaults, then values."""
    row = dict.fromkeys(FULL, "")
    row.update({"Anniversary": "0/0/00", "Birthday": "0/0/00",
                "Gender": "Unspecified", "Priority": "Normal",
                "Private": "False", "Sensitivity": "Normal"})
    row.update(values)
    return quoted(row[h] for h in FULL)


# Outlook for Windows' own export: 92 quoted columns, Windows-1252
# (ü, é, €), CRLF, its defaults (0/0/00, Unspecified, Normal, False),
# three addresses with second street lines, phones in their columns,
# three e-mails with SMTP and display names, ';' categories, a note with
# CRLF inside, M/D/YYYY dates.
rows = [quoted(FULL), outlook_row({
    "Title": "Herr", "First Name": "Jürgen", "Last Name": "Müller",
    "Company": "Café Müller GmbH", "Department": "Einkauf",
    "Job Title": "Leiter", "Profession": "Koch",
    "Business Street": "Hauptstraße 1", "Business Street 2": "Hof 3",
    "Business City": "Berlin", "Business Postal Code": "10115",
    "Business Country/Region": "Deutschland",
    "Business Address PO Box": "Postfach 12",
    "Home Street": "Gartenweg 5", "Home City": "Potsdam",
    "Home Postal Code": "14467",
    "Other Street": "Am See 9", "Other City": "Wannsee",
    "Business Phone": "+49 30 5555 0100", "Business Fax": "+49 30 5555 0101",
    "Home Phone": "+49 331 5555 0102", "Mobile Phone": "+49 151 5555 0103",
    "Pager": "+49 30 5555 0104", "Car Phone": "+49 171 5555 0105",
    "Company Main Phone": "+49 30 5555 0106", "Other Phone": "030 5555 0107",
    "TTY/TDD Phone": "+49 30 5555 0108", "Primary Phone": "+49 30 5555 0109",
    "E-mail Address": "juergen@cafe-mueller.example", "E-mail Type": "SMTP",
    "E-mail Display Name": "Jürgen Müller (juergen@cafe-mueller.example)",
    "E-mail 2 Address": "jm@example.org", "E-mail 2 Type": "SMTP",
    "E-mail 2 Display Name": "jm@example.org",
    "E-mail 3 Address": "j.mueller@example.net", "E-mail 3 Type": "SMTP",
    "E-mail 3 Display Name": "Privat",
    "Birthday": "3/12/1970", "Anniversary": "6/1/1999", "Gender": "Male",
    "Categories": "Lieferanten;VIP", "Notes": "Preis: 5 €\r\nZweite Zeile",
    "Spouse": "Anna", "Initials": "J.M.", "Web Page": "https://cafe-mueller.example",
    "Sensitivity": "Private",
}), outlook_row({
    "First Name": "Renée", "Last Name": "Dubois",
    "Home Phone": "+33 1 55 55 01 10", "Home Phone 2": "+33 1 55 55 01 11",
    "Business Phone 2": "+33 1 55 55 01 12",
    "Home Fax": "+33 1 55 55 01 13", "Other Fax": "+33 1 55 55 01 14",
    "ISDN": "+33 1 55 55 01 15", "Callback": "+33 1 55 55 01 16",
    "Radio Phone": "+33 1 55 55 01 17", "Telex": "555 0118",
    "Assistant's Phone": "+33 1 55 55 01 19", "Birthday": "0/0/00",
    "Gender": "Female", "Categories": "", "Notes": "",
}), outlook_row({"Company": "Acme Ltd", "Business Phone": "+44 20 7946 0100"}),
    ""]
write("ok/outlook-92.csv", "\r\n".join(rows), encoding="cp1252")

# Google's (and Outlook.com's) "Outlook CSV": 61 columns, quoted only
# where needed, UTF-8; the reference's example.
cols = MINIMAL.split(",")


def minimal_row(values):
    """A row of the 61 columns, quoted only where needed."""
    out = []
    for h in cols:
        v = values.get(h, "")
        if any(ch in v for ch in ',"\r\n'):
            v = '"%s"' % v.replace('"', '""')
        out.append(v)
    return ",".join(out)


write("ok/google-61.csv", "\n".join([
    MINIMAL,
    minimal_row({"First Name": "Alice", "Last Name": "Smith",
                 "E-mail Address": "alice@acme.example",
                 "Business Phone": "+1 555-555-0100",
                 "Mobile Phone": "+1 555-555-0111", "Job Title": "Manager",
                 "Department": "Sales", "Company": "Acme, Inc.",
                 "Business Street": "1 Main St",
                 "Business City": "Springfield", "Business State": "IL",
                 "Business Postal Code": "62701",
                 "Business Country/Region": "USA",
                 "Personal Web Page": "https://alice.example",
                 "Spouse": "Ana", "Birthday": "3/12/1990",
                 "Notes": 'Met at "VoIP Expo"'}),
    minimal_row({"First Name": "Bob", "Last Name": "Jones",
                 "Nickname": "Bobby", "Home Phone": "+15555550122",
                 "IMAddress": "xmpp:bob@example.org"}),
    ""]))

# A spreadsheet's save: UTF-8 with a byte order mark, a trailing empty
# column, a German-style date and a year-less one kept as text.
write("ok/bom-trailing-column.csv",
      "First Name,Last Name,Mobile Phone,E-mail Address,Birthday,\r\n"
      "Zoë,Ní Bhriain,+353 85 555 0142,zoe@example.ie,24.12.1985,\r\n"
      "Frank,Ito,,,--04-01,\r\n", bom=b"\xef\xbb\xbf")

# German Outlook: localised headers (the main columns), Windows-1252.
write("ok/german.csv", "\r\n".join([
    quoted(["Anrede", "Vorname", "Nachname", "Firma", "Telefon geschäftlich",
            "Mobiltelefon", "E-Mail-Adresse", "Geburtstag", "Kategorien",
            "Notizen", "Priorität"]),
    quoted(["Frau", "Käthe", "Schröder", "Bäckerei Schröder",
            "+49 89 5555 0120", "+49 160 5555 0121", "kaethe@example.de",
            "2.5.1960", "Familie", "Öffnet um 6", "Normal"]),
    ""]), encoding="cp1252")

# bad/: a quoted note the file ends inside.
write("bad/truncated.csv", quoted(["First Name", "Last Name", "Notes"]) +
      '\r\n"Alice","Smith","First line\r\nsecond')

# A header with nothing of Outlook's.
write("bad/no-header.csv", "id,when,what\r\n1,2024-01-01,hello\r\n")

# Outlook's "Unicode" save: UTF-16LE with its BOM.
write("bad/utf16.csv", '"First Name","Last Name","E-mail Address",'
      '"Mobile Phone"\r\n"Alice","Smith","a@example.org","+1 555 555 0100"'
      '\r\n', encoding="utf-16-le", bom=b"\xff\xfe")

# A row with more fields than the header.
write("bad/too-many-fields.csv",
      "First Name,Last Name,E-mail Address,Mobile Phone\r\n"
      "Alice,Smith,a@example.org,+1 555 555 0100,+1 555 555 0101\r\n")
