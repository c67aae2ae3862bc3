#!/usr/bin/python3
"""gen.py: write the google-contacts-csv fixtures (ok/ and bad/ beside this
script).  Their bytes matter (CRLF, a byte order mark, UTF-16, line breaks
inside quoted cells), so they are written here where the bytes are plain
to read.  Running it again gives the committed files back.  Layouts follow
/work/shared/reference/provider-formats.md 6.1; names and numbers are made
up (555 numbers, example domains)."""
import os

here = os.path.dirname(os.path.abspath(__file__))

NEW = ("First Name,Middle Name,Last Name,Phonetic First Name,"
       "Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,"
       "Nickname,File As,Organization Name,Organization Title,"
       "Organization Department,Birthday,Notes,Photo,Labels")
ADDR = ("Address {n} - Label,Address {n} - Formatted,Address {n} - Street,"
        "Address {n} - City,Address {n} - PO Box,Address {n} - Region,"
        "Address {n} - Postal Code,Address {n} - Country,"
        "Address {n} - Extended Address")


def write(rel, text, encoding="utf-8", bom=b""):
    with open(os.path.join(here, rel), "wb") as f:
        f.write(bom + text.encode(encoding))


# The reference's example: CRLF rows, " ::: " in Labels and in a phone
# value, a quoted Formatted address with line breaks, "" inside a note,
# a year-less birthday, "* " (primary) labels, and Google's groups.
new_layout = "\r\n".join([
    NEW + ",E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,"
    "Phone 1 - Value,Phone 2 - Label,Phone 2 - Value," + ADDR.format(n=1),
    'Alice,,Smith,,,,,,,,"Acme, Inc.",Manager,Sales,1990-03-12,'
    '"Met at ""VoIP Expo""",,* myContacts ::: * starred ::: Customers,'
    '* Work,alice@acme.example,Mobile,+1 555-555-0111,Work,'
    '+1 555-555-0100 ::: +1 555-555-0101,Work,"1 Main St\r\n'
    'Springfield, IL 62701\r\nUSA",1 Main St,Springfield,,IL,62701,USA,',
    'Bob,,Jones,,,,,,Bobby,,,,,--07-04,,,* myContacts,,,Home,'
    '+15555550122,,,,,,,,,,,',
    ""])
write("ok/new-layout.csv", new_layout)

# The old layout (before 2023): Given/Family Name, Group Membership, the
# groups' "Type", Organization N, Gender; LF line ends.
OLD = ("Name,Given Name,Additional Name,Family Name,Yomi Name,"
       "Given Name Yomi,Additional Name Yomi,Family Name Yomi,Name Prefix,"
       "Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,"
       "Gender,Location,Billing Information,Directory Server,Mileage,"
       "Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,"
       "Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,"
       "E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,"
       "Phone 2 - Value," + ADDR.format(n=1).replace("Label", "Type") +
       ",Organization 1 - Type,Organization 1 - Name,"
       "Organization 1 - Yomi Name,Organization 1 - Title,"
       "Organization 1 - Department,Organization 1 - Symbol,"
       "Organization 1 - Location,Organization 1 - Job Description,"
       "Website 1 - Type,Website 1 - Value")
old_layout = "\n".join([
    OLD,
    "Dr Carol Okafor PhD,Carol,Ngozi,Okafor,,,,,Dr,PhD,,,,,1988-05-17,"
    "female,,,,,,Chess,,,,Prefers SMS,,,* My Contacts ::: Friends,"
    "* Home,carol@example.org,Work,carol@acme.example,Mobile,"
    "07700 900102,Work Fax,+44 20 7946 0103,Home,,10 High St,London,,,"
    "E1 6AN,United Kingdom,Flat 2,,Acme Ltd,,Account Manager,Sales,ACME,"
    "London,Keeps the big accounts,Home Page,https://example.org/carol",
    ",Dave,,,,,,,,,,,,,,,,,,,,,,,,,,,* My Contacts,,,,,Main,"
    "+44 20 7946 0999,,,,,,,,,,,,,,,,,,,,,,",
    ""])
write("ok/old-layout.csv", old_layout)

# Numbered groups of any count (twelve phones), groups not in the
# reference's example (Website, Event, Relation, Custom Field, IM), labels
# that are features and contexts, and free-text ones.
labels = ["* Mobile", "Work", "Home", "Main", "Work Fax", "Home Fax",
          "Pager", "Other", "Google Voice", "Work Mobile", "iPhone", ""]
head = NEW + "," + ",".join(
    "Phone %d - Label,Phone %d - Value" % (i, i) for i in range(1, 13))
head += "," + ADDR.format(n=1) + "," + ADDR.format(n=2)
head += (",Website 1 - Label,Website 1 - Value,Event 1 - Label,"
         "Event 1 - Value,Event 2 - Label,Event 2 - Value,"
         "Relation 1 - Label,Relation 1 - Value,Custom Field 1 - Label,"
         "Custom Field 1 - Value,Custom Field 2 - Label,"
         "Custom Field 2 - Value,IM 1 - Label,IM 1 - Service,IM 1 - Value")
phones = ",".join("%s,+1 555-555-01%02d" % (l, i)
                  for i, l in enumerate(labels, 1))
row = ("Erin,,Lee,Ee-rin,,,,,Em ::: Ez,Erin Lee (ACME),ACME,CTO,R&D,"
       "1979-02-29,,https://example.org/erin.jpg,Friends," + phones +
       ",* Home,,22 Elm Rd,Dover,PO Box 7,DE,19901,USA,,Work,"
       "\"ACME\nLab 4\",,,,,,,,Blog,https://erin.example,Anniversary,"
       "2004-06-12,Graduation,2001-05-30,Spouse,Sam Lee,Role,Sponsor,"
       "Shoe size,9,Work,Skype,erin.lee")
write("ok/many-groups.csv", head + "\r\n" + row + "\r\n")

# A spreadsheet's save: a UTF-8 byte order mark and a trailing empty
# column (the header and each row end in ','), LF, one quoted header.
write("ok/bom-trailing-column.csv",
      '"First Name",Last Name,Labels,Phone 1 - Label,Phone 1 - Value,\n'
      "Zoë,Ní Bhriain,Music,Mobile,+353 85 555 0142,\n"
      "Frank,,,,,\n", bom=b"\xef\xbb\xbf")

# bad/: a quoted Formatted address that the file ends inside.
write("bad/truncated.csv",
      NEW + "," + ADDR.format(n=1) + "\r\n"
      'Alice,,Smith,,,,,,,,,,,,,,,Home,"1 Main St\r\nSpringfield')

# A header with nothing of Google's.
write("bad/no-header.csv", "id,when,what\r\n1,2024-01-01,hello\r\n")

# Outlook's "Unicode" save of a Google CSV: UTF-16LE with its BOM.
write("bad/utf16.csv", "First Name,Last Name,Labels\r\nAlice,Smith,\r\n",
      encoding="utf-16-le", bom=b"\xff\xfe")

# A row with more fields than the header (an unquoted comma in a note).
write("bad/too-many-fields.csv",
      "First Name,Last Name,Notes,Labels\r\n"
      "Alice,Smith,Likes tea, not coffee,Friends\r\n"
      "Bob,Jones,,Friends\r\n")
