/* The command line: the command table, what it answers about a command, and dispatch (with busy retries). */
#include "adapters/cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "adapters/cli/cli_catalogue.h"
#include "adapters/cli/cli_cmds.h"
#include "adapters/cli/cli_impl.h"
#include "adapters/cli/cli_output.h"
#include "domain/termtext.h"

#define NONE ((const char *const[]){NULL})
#define OPTS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Every write command takes --command-id (see bo_cli_run). */
#define CMD_ID "--command-id"
#define CMD_ID_HELP                                                            \
	"  --command-id ID     makes the command safe to send again: 1 to "    \
	"128\n"                                                                \
	"                      printable ASCII characters without spaces; "    \
	"the\n"                                                                \
	"                      same id and arguments again print the first\n"  \
	"                      answer and change nothing, other arguments "    \
	"under\n"                                                              \
	"                      the id exit 5\n"
#define EXIT_PRODUCT_WRITE "3 invalid value, 4 no such product, 6 not an admin"
#define EXIT_ORDER_READ "3 invalid id, 4 no such order"
#define EXIT_REPORT "3 invalid date, time or limit, 6 not allowed"
#define REPORT_PERIOD_HELP                                                     \
	"  --from DATE  first day, YYYY-MM-DD (default 29 days before --to)\n" \
	"  --to DATE    last day, YYYY-MM-DD (default today)\n"                \
	"\nDays are the tenant's local days, in its time zone (23 or 25 "      \
	"hours\nwhen its clocks change).\n"                                    \
	"\nWith a time instead (YYYY-MM-DDTHH:MM:SS, UTC; --to excluded), "    \
	"the\n"                                                                \
	"report is folded straight from the event log for exactly that "       \
	"span.\n"
const bo_cli_cmd bo_cli_commands[] = {
    {NULL, "init", "[--currency CODE] [--time-zone ZONE]",
     "create the store and register you as its first admin",
     OPTS("--currency", "--time-zone"), NONE, NULL,
     "  --currency CODE   ISO 4217 currency of every amount (default EUR)\n"
     "  --time-zone ZONE  the business time zone, an IANA name such as\n"
     "                    Europe/Berlin (default UTC)\n"
     "\nThe store is the --db file, or default.db in "
     "$XDG_DATA_HOME/backoffice\n"
     "(~/.local/share/backoffice; with --tenant NAME, NAME.db there, a "
     "store\nof its own); the acting --user becomes its admin.\n",
     "3 invalid tenant, currency, time zone or user name, 5 the store "
     "already exists",
     NULL},

    {"tenant", "create", "NAME [--currency CODE] [--time-zone ZONE]",
     "create a tenant: a complete, empty store of its own (admin)",
     OPTS("--currency", "--time-zone", CMD_ID), NONE, "NAME",
     "  NAME              1 to 40 of a-z 0-9 _ - (- and _ count as one)\n"
     "  --currency CODE   ISO 4217 currency of its amounts (default EUR)\n"
     "  --time-zone ZONE  its business time zone, an IANA name such as\n"
     "                    Europe/Berlin (default UTC)\n" CMD_ID_HELP
     "\nOn SQLite the tenant's store is NAME.db beside the installation's "
     "own\nstore; on PostgreSQL the schema tenant_NAME of the same "
     "database. You\nbecome its first admin; select it with --tenant NAME "
     "(or\nBACKOFFICE_TENANT). Tenant commands always act on the "
     "installation's\nown store, whichever tenant is selected.\n",
     "3 invalid name, currency or time zone, 5 the name is taken, 6 not "
     "an admin",
     bo_cli_tenant_create},
    {"tenant", "list", "",
     "list the installation's tenants with their size (admin)", NONE, NONE,
     NULL,
     "\nThe installation's own tenant first, then the others by name. "
     "EVENTS is\nthe log's last position, ORDERS the orders placed.\n",
     "6 not an admin", bo_cli_tenant_list},
    {"tenant", "move", "NAME --to URL",
     "move a tenant's whole store to another backend, verified (admin)",
     OPTS("--to"), OPTS("--to"), "NAME",
     "  NAME      a registered tenant (not the installation's own)\n"
     "  --to URL  where its store goes: sqlite:PATH, or a postgresql:// "
     "URL\n            (the schema tenant_NAME unless ?schema= names "
     "one)\n"
     "\nA new store is made there; users, alerts and the log are copied "
     "(event ids,\nmetadata and times kept; positions numbered anew), "
     "the read models are\nbuilt, and the copy is verified: event count, "
     "a checksum over the log,\nprojections verify, every report. Only "
     "then does the registry point at\nit. The old store is left as it "
     "was; a failed or interrupted move changes\nnothing, and running it "
     "again starts over. Stop the tenant's staff first:\na write during "
     "the move makes it fail (exit 5). A URL's password is never\n"
     "recorded: give it in PGPASSWORD or ~/.pgpass.\n",
     "2 bad --to, 3 the installation's own tenant or where it already "
     "lives,\n4 no such tenant, 5 written to during the move or "
     "another store there,\n6 not an admin of the installation and the "
     "tenant, 7 the copy did not verify",
     bo_cli_tenant_move},

    {"user", "add", "NAME --role admin|support|manager",
     "register a staff user (admin)", OPTS("--role", CMD_ID), OPTS("--role"),
     "NAME",
     "  --role ROLE   admin (everything), support (orders: notes, cancel,\n"
     "                refund), manager (read only)\n" CMD_ID_HELP,
     "3 invalid name or role, 5 the name is taken, 6 not an admin",
     bo_cli_user_add},
    {"user", "list", "", "list staff users, their roles and status", NONE, NONE,
     NULL,
     "\nSTATUS is enabled or disabled; a disabled user may not open a "
     "session.\n",
     "6 not allowed", bo_cli_user_list},
    {"user", "disable", "NAME",
     "stop a staff user from opening sessions (admin)", OPTS(CMD_ID), NONE,
     "NAME",
     "  NAME   a registered staff user; they keep their record and "
     "history\n" CMD_ID_HELP
     "\nA session already open runs to its end; the next one is refused. "
     "You\ncannot disable yourself, nor the store's last enabled admin. "
     "On\nPostgreSQL the login also leaves this store's group, so the "
     "database\nrefuses it too (its other tenants are not touched).\n",
     "3 invalid name or yourself, 4 no such user, 5 the last enabled "
     "admin, 6 not an admin",
     bo_cli_user_disable},
    {"user", "enable", "NAME", "let a disabled staff user in again (admin)",
     OPTS(CMD_ID), NONE, "NAME",
     "  NAME   a registered staff user\n" CMD_ID_HELP,
     "3 invalid name, 4 no such user, 6 not an admin", bo_cli_user_enable},
    {"user", "role", "NAME ROLE", "give a staff user another role (admin)",
     OPTS(CMD_ID), NONE, "NAME ROLE",
     "  NAME   a registered staff user\n"
     "  ROLE   admin (everything), support (orders: notes, cancel,\n"
     "         refund), manager (read only)\n" CMD_ID_HELP
     "\nThe new role counts from the user's next session. You cannot "
     "take the\nadmin role from yourself, nor from the store's last "
     "enabled admin.\n",
     "3 invalid name or role, or yourself, 4 no such user, 5 the last "
     "enabled admin, 6 not an admin",
     bo_cli_user_role},

    {"product", "add",
     "--sku SKU --name NAME --price PRICE [--tax-rate RATE]\n"
     "       [--description TEXT] [--stock N|none] [--low-stock N|default]\n"
     "       [--category PATH] [--tags LIST]",
     "add a product (admin) and print it",
     OPTS("--sku", "--name", "--price", "--tax-rate", "--description",
	  "--stock", "--low-stock", "--category", "--tags", CMD_ID),
     OPTS("--sku", "--name", "--price"), NULL,
     "  --sku SKU           1 to 64 of A-Z a-z 0-9 . _ -, unique\n"
     "  --name NAME         1 to 200 characters\n"
     "  --price PRICE       price including tax, e.g. 12.50\n"
     "  --tax-rate RATE     tax in percent, e.g. 20 or 7.5 (default 0)\n"
     "  --description TEXT  up to 4000 characters\n"
     "  --stock N|none      units in stock, or none when not tracked "
     "(default)\n"
     "  --low-stock N|default  alert when a payment leaves N (0 to "
     "1000000) or\n"
     "                      fewer in stock; default (the default) uses "
     "the\n"
     "                      tenant's threshold\n"
     "  --category PATH     1 to 3 levels of 1 to 50 characters separated "
     "by /,\n"
     "                      e.g. \"Kitchen / Mugs\" (default none)\n"
     "  --tags LIST         up to 20 tags of 1 to 32 of A-Z a-z 0-9 . _ "
     "-\n"
     "                      separated by ;, e.g. \"gift;sale\" (stored "
     "lower-case)\n" CMD_ID_HELP,
     "3 invalid value, 5 the SKU is taken, 6 not an admin", bo_cli_product_add},
    {"product", "list",
     "[--search TEXT] [--all] [--limit N] [--status S] [--category PATH]\n"
     "       [--tag TAG]... [--stock out|low|untracked] [--price-min P]\n"
     "       [--price-max P]",
     "list products by SKU",
     OPTS("--search", "--all", "--limit", "--status", "--category", "--tag",
	  "--stock", "--price-min", "--price-max"),
     NONE, NULL,
     "  --search TEXT  only SKUs or names containing TEXT (any case)\n"
     "  --all          include retired products (--status all)\n"
     "  --limit N      at most N products\n"
     "  --status S     active (default), retired or all\n"
     "  --category PATH  that category and every one under it\n"
     "  --tag TAG      only products with the tag (any case; repeatable: "
     "all of\n"
     "                 them)\n"
     "  --stock W      out (tracked, 0), low (tracked, at or below its own\n"
     "                 low-stock threshold, else the tenant's) or "
     "untracked\n"
     "  --price-min P  price at least P (in the store's currency)\n"
     "  --price-max P  price at most P\n"
     "\nThe filters combine: a product must pass all of them.\n",
     "2 --all with --status active or retired, 3 invalid limit or filter",
     bo_cli_product_list},
    {"product", "categories", "[--all]",
     "the category tree with the number of products in each", OPTS("--all"),
     NONE, NULL,
     "  --all  count retired products too\n"
     "\nEvery category a product has and each one above it, in tree "
     "order.\nPRODUCTS counts the category and everything under it; CSV "
     "and JSON\ngive the whole path, its level (1 to 3) and own (products "
     "with\nexactly this category) as well.\n",
     "6 not allowed", bo_cli_product_categories},
    {"product", "show", "SKU", "show one product", NONE, NONE, "SKU", "",
     "4 no such product", bo_cli_product_show},
    {"product", "edit",
     "SKU [--sku SKU] [--name NAME] [--price PRICE] [--tax-rate RATE]\n"
     "       [--description TEXT] [--stock N|none] [--low-stock N|default]\n"
     "       [--category PATH] [--tags LIST] [--add-tag TAG]... "
     "[--remove-tag TAG]...",
     "change a product (admin) and print it",
     OPTS("--sku", "--name", "--price", "--tax-rate", "--description",
	  "--stock", "--low-stock", "--category", "--tags", "--add-tag",
	  "--remove-tag", CMD_ID),
     NONE, "SKU",
     "  --sku SKU           new SKU\n"
     "  --name NAME         new name\n"
     "  --price PRICE       new price including tax\n"
     "  --tax-rate RATE     new tax rate in percent\n"
     "  --description TEXT  new description\n"
     "  --stock N|none      new stock, or none to stop tracking "
     "it\n"
     "  --low-stock N|default  the product's own low-stock threshold, "
     "or\n"
     "                      default to use the tenant's again\n"
     "  --category PATH     new category (\"Kitchen / Mugs\"), \"\" for "
     "none\n"
     "  --tags LIST         new tags (\"gift;sale\"), \"\" for none\n"
     "  --add-tag TAG       add a tag (repeatable)\n"
     "  --remove-tag TAG    take a tag away (repeatable)\n" CMD_ID_HELP
     "\nAt least one option is needed; the others keep their value.\n",
     "3 invalid value, 4 no such product, 5 the new SKU is taken, "
     "6 not an admin",
     bo_cli_product_edit},
    {"product", "stock", "SKU (--add N | --set N) --reason REASON [--note TEXT]",
     "adjust a product's stock with a reason (admin) and print it",
     OPTS("--add", "--set", "--reason", "--note", CMD_ID), OPTS("--reason"),
     "SKU",
     "  --add N        add N units (a whole number, negative to take "
     "away,\n"
     "                 not 0)\n"
     "  --set N        set the stock to N (0 to 1000000000000); the only "
     "way\n"
     "                 to give a product whose stock is not tracked a "
     "stock\n"
     "  --reason R     received, counted, damaged, returned or "
     "correction\n"
     "  --note TEXT    why, in up to 500 characters (optional)\n" CMD_ID_HELP
     "\nExactly one of --add and --set. Stock never goes below 0. The "
     "change\n"
     "and a ProductStockAdjusted event (shown by 'product history') are "
     "one\n"
     "transaction; a low stock after it raises an alert as a payment "
     "does. Neither or both of --add and --set, or no --reason, exit 2.\n",
     "3 invalid amount, reason or note, 4 no such product, 5 the stock "
     "would go\nbelow 0 or above 1000000000000, is not tracked (--add) or "
     "is that already\n(--set), 6 not an admin",
     bo_cli_product_stock},
    {"product", "retire", "SKU",
     "stop selling a product (admin); it stays listed with --all", OPTS(CMD_ID),
     NONE, "SKU", CMD_ID_HELP, EXIT_PRODUCT_WRITE, bo_cli_product_retire},
    {"product", "reactivate", "SKU",
     "sell a retired product again (admin)", OPTS(CMD_ID), NONE, "SKU",
     CMD_ID_HELP, "4 no such product, 5 not retired, 6 not an admin",
     bo_cli_product_reactivate},
    {"product", "delete", "SKU",
     "delete a product (admin); orders keep what they recorded", OPTS(CMD_ID),
     NONE, "SKU", CMD_ID_HELP, EXIT_PRODUCT_WRITE, bo_cli_product_delete},
    {"product", "history", "SKU [--field NAME]",
     "who changed which field of a product, when, from what to what",
     OPTS("--field"), NONE, "SKU",
     "  --field NAME  only this field: sku, name, description, price,\n"
     "                tax_rate, stock, low_stock, status, category or "
     "tags\n"
     "\nOne row per field each change touched, oldest first, read from the\n"
     "event log, so a deleted product keeps its history (and a SKU used\n"
     "again shows both products). EVENT is the change's place in the log:\n"
     "give it to 'product revert --to'. A creation lists the first values\n"
     "(OLD empty), a deletion is a status row. REASON is a stock\n"
     "adjustment's reason and note ('product stock'); CSV and JSON add\n"
     "type and product_id, then reason and note apart.\n",
     "3 invalid field, 4 no product ever had the SKU, 6 not allowed",
     bo_cli_product_history},
    {"product", "revert", "SKU --field NAME --to EVENT",
     "set one field back to its value after an earlier change (admin)",
     OPTS("--field", "--to", CMD_ID), OPTS("--field", "--to"), "SKU",
     "  --field NAME  sku, name, description, price, tax_rate, stock,\n"
     "                low_stock, category or tags\n"
     "  --to EVENT    the EVENT number of a row of 'product history': the\n"
     "                field takes the value it had just after that change\n"
     CMD_ID_HELP "\nThe revert is an ordinary edit (a new change in the history; the\n"
     "log is never rewritten) and prints the field's old and new value. A\n"
     "field that already has that value is left alone: exit 0, said on\n"
     "stderr. A deleted product cannot be reverted, nor its status.\n",
     "3 invalid field or event, 4 no such product or event in its history, "
     "5 the product was deleted or changed meanwhile, 6 not an admin",
     bo_cli_product_revert},
    {"product", "undo", "SKU [--expect-version N]",
     "undo a product's last change as a new edit (admin)",
     OPTS("--expect-version", CMD_ID), NONE, "SKU",
     "  --expect-version N  the row version you saw: refused (exit 5) when\n"
     "                      the product is at another one\n" CMD_ID_HELP
     "\nEvery field the product's latest event changed is set back to the\n"
     "value the event before it left, as an ordinary edit (and a retire or\n"
     "reactivate for the status); the log is never rewritten. Undoing again\n"
     "undoes the undo. A product whose latest event is its creation has\n"
     "nothing to undo (exit 5).\n",
     "4 no such product, 5 nothing to undo or another row version, 6 not "
     "an admin",
     bo_cli_product_undo},
    {"product", "bulk",
     "reprice|tax|retire|reactivate|category|tag|undo|list [ID] [options]",
     "change many products at once, preview first, undo later (admin)",
     OPTS("--by", "--round", "--rate", "--sku", "--skus", "--search",
	  "--dry-run", "--limit", "--to", "--none", "--add", "--remove",
	  "--category", "--tag", "--status", "--stock", "--price-min",
	  "--price-max", CMD_ID),
     NONE, "ACTION [ID]",
     "  reprice --by PCT%|AMOUNT [--round cent|99|90] SELECTION\n"
     "      --by +10%, -15%, 12.5% (-100% to +1000%) or +1.50, -0.25 in\n"
     "      the store's currency; --round cent (default: nearest cent,\n"
     "      halves away from zero), 99 or 90 (then up to the next price\n"
     "      ending in .99 or .90; 0 stays 0; 2-decimal currencies only)\n"
     "  tax --rate RATE SELECTION      set the tax rate (percent)\n"
     "  retire SELECTION               retire the active ones\n"
     "  reactivate SELECTION           make the retired ones active\n"
     "  category (--to PATH or --none) SELECTION\n"
     "      set the category (\"Kitchen / Mugs\"); --none or --to \"\"\n"
     "      clears it; those already there are unchanged\n"
     "  tag (--add TAG or --remove TAG) SELECTION\n"
     "      add or remove one tag, the others kept; those that already\n"
     "      have it (do not have it) are unchanged\n"
     "  undo ID                        set back what bulk ID changed\n"
     "  list [--limit N]               recent bulk actions (default 50)\n"
     "\nSELECTION is any of (at least one):\n"
     "  --sku SKU      a product; repeat for more\n"
     "  --skus FILE    one SKU a line (- reads standard input)\n"
     "  --search TEXT  every product (retired too) whose SKU or name\n"
     "                 contains TEXT, any case\n"
     "  --category PATH, --tag TAG, --status active|retired|all,\n"
     "  --stock out|low|untracked, --price-min P, --price-max P\n"
     "                 the filters of 'product list', ANDed with each\n"
     "                 other and with --search (every status unless\n"
     "                 --status); --sku and --skus add to them\n"
     "  --dry-run      show the preview only; write nothing\n" CMD_ID_HELP
     "\nThe preview lists every product: field, old and new value, and\n"
     "whether it changes, is unchanged (no event) or is in error; a\n"
     "summary line comes first (on stderr with --format json or csv). The\n"
     "action is then applied all or nothing in one transaction: any error\n"
     "or product changed meanwhile writes nothing. Each change is an\n"
     "ordinary event carrying the bulk's id (the BULK column of 'product\n"
     "history'); 'applied bulk ID: N products changed' goes to stderr.\n"
     "Undo is a new bulk action; it is refused when any of the products\n"
     "changed since or was deleted, or when the bulk was undone already.\n",
     "3 invalid value or a product in error, 4 no such product, bulk or\n"
     "FILE, 5 changed meanwhile or undone already, 6 not an admin",
     bo_cli_product_bulk},
    {"product", "export", "[--all]",
     "the catalogue as CSV on standard output, by SKU", OPTS("--all"), NONE,
     NULL,
     "  --all  include retired products\n"
     "\nColumns: sku, name, description, price (in the store's currency,\n"
     "e.g. 12.50), tax_rate (percent, e.g. 7.5), stock (empty: not tracked),\n"
     "low_stock (empty: the tenant's threshold), status (active or\n"
     "retired). RFC 4180 CSV with a header line; fields are written as\n"
     "stored (no spreadsheet formula guard), so that 'product import' reads\n"
     "the same values back. --format does not apply.\n",
     "6 not allowed", bo_cli_product_export},
    {"product", "import", "FILE [--dry-run]",
     "add and change products from a CSV file, all or nothing (admin)",
     OPTS("--dry-run", CMD_ID), NONE, "FILE",
     "  FILE                a CSV file as 'product export' writes it; -\n"
     "                      reads standard input\n"
     "  --dry-run           show what would change; write nothing\n" CMD_ID_HELP
     "\nThe header names the columns (any order): sku is required; name,\n"
     "description, price, tax_rate, stock, low_stock and status are\n"
     "optional, and a column left out keeps that field of an existing\n"
     "product (a new product needs name and price). Every field follows\n"
     "the rules of 'product add' and 'product edit'. Status retired\n"
     "retires a product; an import does not make a retired one active\n"
     "again ('product reactivate' does).\n"
     "Products of the catalogue that the file does not name are left\n"
     "alone: nothing is deleted.\n"
     "\nThe answer is a summary line and the diff: a line for each field\n"
     "added or changed (old and new value) and for each error (line of\n"
     "the file, field, reason); --format json or csv give every row,\n"
     "unchanged ones too. When any row is in error nothing is written,\n"
     "every error is listed and the exit status is 3. Otherwise the whole\n"
     "file is written in one transaction, each product's change its own\n"
     "event, as add, edit and retire record them.\n",
     "3 rows in error (listed), 4 no such FILE, 5 a product changed "
     "meanwhile (nothing written), 6 not an admin",
     bo_cli_product_import},

    {"order", "place",
     "--customer EMAIL [--customer-name NAME] --line SKU:QTY [--line ...]",
     "place an order (admin); prints its id",
     OPTS("--customer", "--customer-name", "--line", CMD_ID),
     OPTS("--customer", "--line"), NULL,
     "  --customer EMAIL      the customer's email address\n"
     "  --customer-name NAME  the customer's name\n"
     "  --line SKU:QTY        a product and a quantity (1 to 10000); repeat\n"
     "                        for more lines, each SKU once\n" CMD_ID_HELP,
     "3 invalid email, line or quantity, or a retired product, 4 no such "
     "product, 6 not an admin",
     bo_cli_order_place},
    {"order", "pay", "ID --amount AMOUNT", "record a payment (admin)",
     OPTS("--amount", CMD_ID), OPTS("--amount"), "ID",
     "  --amount AMOUNT  amount received, at most what is "
     "outstanding\n" CMD_ID_HELP,
     "3 invalid amount, 4 no such order, 5 the order cannot take it, "
     "6 not an admin",
     bo_cli_order_change},
    {"order", "fail-payment", "ID --reason TEXT",
     "record a failed payment attempt (admin)", OPTS("--reason", CMD_ID),
     OPTS("--reason"), "ID", "  --reason TEXT  why it failed\n" CMD_ID_HELP,
     "3 invalid reason, 4 no such order, 5 the order is not awaiting "
     "payment, 6 not an admin",
     bo_cli_order_change},
    {"order", "ship", "ID [--carrier NAME] [--tracking CODE]",
     "ship a paid order (admin)", OPTS("--carrier", "--tracking", CMD_ID), NONE,
     "ID",
     "  --carrier NAME   who carries it\n"
     "  --tracking CODE  the carrier's tracking code\n" CMD_ID_HELP,
     "3 invalid value, 4 no such order, 5 not paid or already shipped, "
     "6 not an admin",
     bo_cli_order_change},
    {"order", "deliver", "ID",
     "record the delivery of a shipped order "
     "(admin)",
     OPTS(CMD_ID), NONE, "ID", CMD_ID_HELP,
     "4 no such order, 5 not shipped, 6 not an admin", bo_cli_order_change},
    {"order", "cancel", "ID --reason TEXT [--refund]",
     "cancel an order that has not shipped (admin, support)",
     OPTS("--reason", "--refund", CMD_ID), OPTS("--reason"), "ID",
     "  --reason TEXT  why it is cancelled\n"
     "  --refund       refund what was paid and not yet refunded in the\n"
     "                 same step (one RefundIssued, then OrderCancelled;\n"
     "                 both or neither); prints \"refunded AMOUNT CUR\"\n"
     "                 when there was money to refund. Without it, money\n"
     "                 that stays paid is a warning on stderr\n" CMD_ID_HELP,
     "3 invalid reason, 4 no such order, 5 shipped or already cancelled, "
     "6 not allowed",
     bo_cli_order_change},
    {"order", "refund", "ID --amount AMOUNT --reason TEXT",
     "refund part or all of what was paid (admin, support)",
     OPTS("--amount", "--reason", CMD_ID), OPTS("--amount", "--reason"), "ID",
     "  --amount AMOUNT  at most what was paid minus what was refunded\n"
     "  --reason TEXT    why\n" CMD_ID_HELP,
     "3 invalid amount or reason, 4 no such order, 5 nothing left to "
     "refund, 6 not allowed",
     bo_cli_order_change},
    {"order", "note", "ID --text TEXT",
     "add a note to an order (admin, support)", OPTS("--text", CMD_ID),
     OPTS("--text"), "ID", "  --text TEXT  the note\n" CMD_ID_HELP,
     "3 invalid text, 4 no such order, 6 not allowed", bo_cli_order_change},
    {"order", "list",
     "[--status STATUS] [--customer TEXT] [--refunded WHICH] [--limit N]",
     "list orders by id",
     OPTS("--status", "--customer", "--refunded", "--limit"), NONE, NULL,
     "  --status STATUS  placed, paid, shipped, delivered or cancelled\n"
     "  --customer TEXT  email or name containing TEXT (any case)\n"
     "  --refunded WHICH any (something was refunded), full (all that was\n"
     "                   paid) or part (some of it)\n"
     "  --limit N        at most N orders\n",
     "3 invalid status, refunded or limit", bo_cli_order_list},
    {"order", "show", "ID [--at VERSION]",
     "show an order, now or as it was after event VERSION", OPTS("--at"), NONE,
     "ID",
     "  --at VERSION  the order after its first VERSION events (see "
     "timeline)\n",
     "3 invalid id or version, 4 no such order or version", bo_cli_order_show},
    {"order", "timeline", "ID", "everything that happened to an order", NONE,
     NONE, "ID", "", EXIT_ORDER_READ, bo_cli_order_timeline},
    {"order", "find", "TEXT [--limit N]",
     "find orders by number, e-mail, name, SKU or tracking number",
     OPTS("--limit"), NONE, "TEXT",
     "  --limit N  at most N orders (default 50)\n"
     "\nTEXT in digits only is an order number: that order, and also the\n"
     "orders with a key starting with those digits. Any other TEXT finds\n"
     "the orders with a key that starts with it, in any case: the\n"
     "customer's e-mail, the whole name or a word of it, a line's SKU, a\n"
     "tracking number. Newest first, each order once; the columns are\n"
     "order list's.\n",
     "3 invalid text or limit, 4 nothing found", bo_cli_order_find},

    {"customer", "show", "EMAIL",
     "one customer: totals over their orders, then the orders", NONE, NONE,
     "EMAIL",
     "\nEMAIL is matched whole, in any case. The summary gives the name (from\n"
     "the newest order that has one), the number of orders, what was paid\n"
     "and refunded over them, their notes and the latest activity; the\n"
     "orders follow newest first. CSV repeats the summary on each order's\n"
     "row; JSON nests the orders under \"orders\".\n",
     "3 invalid e-mail, 4 no order has that e-mail", bo_cli_customer_show},

    {"events", "export", "[--skip-unreadable]",
     "write the whole event log as JSON lines (admin; --format ignored)",
     OPTS("--skip-unreadable"), NONE, NULL,
     "  --skip-unreadable  write every event this build can read and name\n"
     "                     each one it cannot on stderr (position, reason)\n"
     "\nWithout --skip-unreadable the export stops at the first stored event\n"
     "it cannot read (status 7, naming its position).\n",
     "3 with --skip-unreadable: some events could not be read and are left "
     "out (listed), 6 not an admin, 7 an unreadable event (without the flag)",
     bo_cli_events_export},
    {"events", "import", "FILE",
     "restore an exported log (FILE or - for standard input), checked "
     "event by event, all or nothing (admin)",
     NONE, NONE, "FILE",
     "\nThe file is read line by line into one transaction. Every event must\n"
     "be one the live commands could have recorded: streams order-<id> or\n"
     "product-<id> whose versions follow on; OrderPlaced first, then what the\n"
     "order's state allows (no payment above what is still to pay, no refund\n"
     "above what was paid, no shipping of a cancelled order ...); payloads\n"
     "naming their own stream's id; the store's currency; the text limits\n"
     "of the commands; JSON without duplicate keys or \\u0000. The first\n"
     "refused line is named and nothing is imported. Events of an unknown\n"
     "type or a newer schema version are kept unchecked (counted on stderr).\n",
     "3 a malformed or impossible line (named), 4 no such file, 5 the log "
     "does not follow on from the store's, 6 not an admin",
     bo_cli_events_import},
    {"events", "upcast", "--dry-run",
     "read the whole log through the upcasters and count it by type and "
     "stored version, changing nothing (admin)",
     OPTS("--dry-run"), OPTS("--dry-run"), NULL,
     "  --dry-run   required: stored events are never rewritten\n"
     "\nCounts every stored event by (type, stored schema version -> this\n"
     "build's version): 'current', 'upcast' (an older shape read through\n"
     "the upcasters), 'unknown type' or 'newer than this build' (both kept\n"
     "as stored and exported unchanged, but not projected). Lists every\n"
     "event that cannot be read (position, type, reason).\n",
     "3 some stored events cannot be read (listed), 6 not an admin",
     bo_cli_events_upcast},

    {"projections", "status", "",
     "each projector's version, checkpoint, the log's head and the lag", NONE,
     NONE, NULL,
     "\nVERSION is this build's projector, STORED the one that built the\n"
     "read model (0: never built; a difference is rebuilt when the store\n"
     "is opened). MODE inline: applied with every command; catch-up:\n"
     "applied by 'projections run' and before the reports read.\n",
     "", bo_cli_projections_status},
    {"projections", "run", "[NAME] [--follow]",
     "apply the events each projector has not seen yet, then the reactors "
     "(admin)",
     OPTS("--follow"), NONE, "[NAME]",
     "  NAME      only this projector (orders, reports); default all\n"
     "  --follow  keep following new events (every 500 ms) until Ctrl-C\n"
     "            or SIGTERM, then exit 0\n",
     "4 no such projector, 6 not an admin", bo_cli_projections_run},
    {"projections", "rebuild", "[NAME]",
     "empty a projector's tables and replay the whole log into them, all "
     "or nothing (admin)",
     NONE, NONE, "[NAME]",
     "  NAME  only this projector (orders, reports); default all\n"
     "\nShows a progress bar on a terminal; prints the rate on stderr.\n",
     "4 no such projector, 6 not an admin", bo_cli_projections_rebuild},
    {"projections", "verify", "[NAME]",
     "rebuild beside the live read model and list every row that differs; "
     "changes nothing (admin)",
     NONE, NONE, "[NAME]",
     "  NAME  only this projector (orders, reports); default all\n"
     "\nEach differing row is listed with its table and the side it is\n"
     "only on ('only in the live model' / 'only in the rebuild'), as\n"
     "name=value per column: integers, NULL, text in single quotes with\n"
     "\\\\ and \\' escaped; the same text on every backend. Exit 0 only\n"
     "when they are identical.\n",
     "4 no such projector, 5 rows differ (listed), 6 not an admin, "
     "7 a REAL or BLOB value in a table",
     bo_cli_projections_verify},

    {"alerts", "list", "[--open]",
     "low-stock alerts: payments and stock adjustments that left a "
     "product's stock at or below its threshold (its own, or the tenant's: "
     "default 5)",
     OPTS("--open"), NONE, NULL,
     "  --open  only the alerts nobody has acknowledged yet\n"
     "\nSTATUS is open or acked; ACKED BY names who acknowledged it.\n",
     "", bo_cli_alerts_list},
    {"alerts", "ack", "ID",
     "acknowledge an alert (admin, support): it stays listed, marked "
     "acked with your name",
     OPTS(CMD_ID), NONE, "ID",
     "  ID  the alert's ID column in alerts list\n" CMD_ID_HELP,
     "3 invalid id, 4 no such alert, 5 already acknowledged (nothing "
     "changes), 6 a manager",
     bo_cli_alerts_ack},

    /* run by the composition root: it needs no store */
    {"config", "show", "",
     "your own settings, where each came from (no store needed)", NONE, NONE,
     NULL,
     "\nEach setting comes from the strongest source that has it: an option "
     "(--db,\n--tenant, --user, --no-mouse), then the environment "
     "(BACKOFFICE_DB,\nBACKOFFICE_TENANT, BACKOFFICE_USER, BACKOFFICE_THEME, "
     "BACKOFFICE_MOUSE,\nBACKOFFICE_HINTS, BACKOFFICE_TIME), then the config "
     "file, then the default.\nThe file is $BACKOFFICE_CONFIG, else "
     "$XDG_CONFIG_HOME/backoffice/config\n(~/.config/backoffice/config): "
     "lines of `setting = value`, # for comments.\n"
     "  db      the store, as --db takes it (a file path there: absolute or "
     "~/...)\n"
     "  tenant  the tenant to work in\n"
     "  user    the staff user to act as\n"
     "  theme   auto, color or mono (auto: colour unless NO_COLOR is set)\n"
     "  mouse   on or off: the full-screen interface takes the mouse\n"
     "  hints   on or off: the key-hint line of each screen\n"
     "  time    store or utc: the time zone times are shown in\n"
     "A PostgreSQL password in db is shown as ***.\n",
     "2 an unknown setting or a bad value (naming the file and line)", NULL},

    {"settings", "show", "", "the tenant's settings: the low-stock threshold",
     NONE, NONE, NULL, "", "", bo_cli_settings_show},
    {"settings", "set", "--low-stock-threshold N",
     "change the tenant's settings (admin) and print them",
     OPTS("--low-stock-threshold", CMD_ID), OPTS("--low-stock-threshold"),
     NULL,
     "  --low-stock-threshold N  a payment leaving N (0 to 1000000) or "
     "fewer\n"
     "                           in stock raises an alert, for every "
     "product\n"
     "                           without a threshold of its own\n" CMD_ID_HELP,
     "3 invalid value, 6 not an admin", bo_cli_settings_set},

    {"report", "summary", "[--from DATE] [--to DATE]",
     "orders, revenue, tax, refunds and failure rate over a period",
     OPTS("--from", "--to"), NONE, NULL, REPORT_PERIOD_HELP, EXIT_REPORT,
     bo_cli_report_summary},
    {"report", "daily", "[--from DATE] [--to DATE]",
     "the summary's figures for each day of a period", OPTS("--from", "--to"),
     NONE, NULL,
     "  --from DATE  first day, YYYY-MM-DD (default 29 days before --to)\n"
     "  --to DATE    last day, YYYY-MM-DD (default today)\n"
     "\nDays are the tenant's local days, in its time zone.\n",
     EXIT_REPORT, bo_cli_report_daily},
    {"report", "products",
     "[--from DATE] [--to DATE] [--limit N] [--sku SKU] [--by category]",
     "units, revenue and refunds per product, best sellers first",
     OPTS("--from", "--to", "--limit", "--sku", "--by"), NONE, NULL,
     REPORT_PERIOD_HELP
     "  --limit N    the top N products by revenue (default 10)\n"
     "  --sku SKU    only this product\n"
     "  --by category\n"
     "               per category instead: every category with sales,\n"
     "               its own figures and its subtree's (TOTAL: \"Kitchen\"\n"
     "               includes \"Kitchen / Mugs\"), products without one as\n"
     "               (none); each product counts in the category it has now\n"
     "\nUnits and revenue count on the day an order became fully paid;\n"
     "refunds on their day, split over the order's lines.\n",
     EXIT_REPORT, bo_cli_report_products},
    {"report", "funnel", "[--from DATE] [--to DATE]",
     "orders placed in a period by their status now", OPTS("--from", "--to"),
     NONE, NULL, REPORT_PERIOD_HELP, EXIT_REPORT, bo_cli_report_funnel},
    {"report", "shipping", "[--from DATE] [--to DATE]",
     "time from paid to shipped and shipped to delivered: median, p95, max",
     OPTS("--from", "--to"), NONE, NULL, REPORT_PERIOD_HELP, EXIT_REPORT,
     bo_cli_report_shipping},

    {"demo", "seed",
     "[--orders N] [--days D] [--seed S] [--now DATE] [--batch N] [--force]",
     "fill the store with a living demo shop: staff, catalogue, orders "
     "(admin)",
     OPTS("--orders", "--days", "--seed", "--now", "--batch", "--force"), NONE,
     NULL,
     "  --orders N   orders to place, 1 to 10,000,000 (default 10,000)\n"
     "  --days D     over the last D days, 1 to 3650 (default 90)\n"
     "  --seed S     a whole number; the same seed and --now give the same\n"
     "               event log, byte for byte (default 42)\n"
     "  --now DATE   the period ends with this UTC day, YYYY-MM-DD\n"
     "               (default: up to this moment)\n"
     "  --batch N    orders per transaction, 1 to 100,000 (default 500)\n"
     "  --force      add to a store that already holds orders\n"
     "\nStaff users (support agents, managers, service users), about 300\n"
     "products and the orders' whole lives (payments and failures,\n"
     "shipping, deliveries, cancellations, refunds, support notes) are\n"
     "written through the same services as every other command, so every\n"
     "event is a real one. A store that already holds orders is refused\n"
     "unless --force; staff users and products already there are kept.\n"
     "\nEach batch is all or nothing. A seed that was stopped (killed, a\n"
     "full disk) is finished by running the same command again, as the\n"
     "same user: what it committed is recognised by its command ids and\n"
     "the log ends as an uninterrupted run's would.\n",
     "3 invalid option, 5 the store already holds orders, 6 not an admin",
     bo_cli_demo_seed},
};
const size_t bo_cli_ncommands =
    sizeof(bo_cli_commands) / sizeof(bo_cli_commands[0]);

const bo_cli_group bo_cli_groups[] = {
    {"tenant", "the installation's tenants: create, list, move"},
    {"user", "staff users and their roles"},
    {"product", "the catalogue"},
    {"order", "orders, their payments, shipping and timeline"},
    {"customer", "a customer's totals and orders, by e-mail"},
    {"events", "the event log"},
    {"projections", "read models built from the log: status, run, rebuild, "
		    "verify"},
    {"alerts", "what the reactors noticed (low stock): list, ack"},
    {"settings", "the tenant's settings: the low-stock threshold"},
    {"config", "your own settings: the config file, environment, options"},
    {"report", "figures over a period: summary, daily, products, funnel, "
	       "shipping"},
    {"demo", "a living demo shop to explore"},
};
const size_t bo_cli_ngroups = sizeof(bo_cli_groups) / sizeof(bo_cli_groups[0]);

bool bo_cli_is_group(const char *word)
{
	for (size_t i = 0; i < bo_cli_ngroups; i++)
		if (strcmp(bo_cli_groups[i].name, word) == 0)
			return true;
	return false;
}

const bo_cli_cmd *bo_cli_find_command(const char *group, const char *name)
{
	for (size_t i = 0; i < bo_cli_ncommands; i++) {
		const bo_cli_cmd *c = &bo_cli_commands[i];

		if ((group ? c->group && strcmp(c->group, group) == 0
			   : c->group == NULL) &&
		    strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

const char *bo_cli_command_name(const bo_cli_args *a)
{
	static char buf[64];

	if (!a->cmd)
		return NULL;
	if (!a->cmd->group)
		return a->cmd->name;
	snprintf(buf, sizeof(buf), "%s %s", a->cmd->group, a->cmd->name);
	return buf;
}

/* Commands that only read: a commit one makes (a report catching up with
 * the log) is upkeep, so when its output is lost it has still failed. */
static int reads_only(const bo_cli_cmd *c)
{
	static const char *const names[] = {
	    "list",   "show", "timeline", "export",     "status", "verify",
	    "upcast", "find", "history",  "categories", NULL};

	if (c->group && strcmp(c->group, "report") == 0)
		return 1;
	for (size_t i = 0; names[i]; i++)
		if (strcmp(c->name, names[i]) == 0)
			return 1;
	return 0;
}

bool bo_cli_reads_only(const bo_cli_args *a)
{
	return a->cmd && reads_only(a->cmd);
}

/*
 * Busy, tried again. A write command runs as one transaction of the store
 * (a demo seed or an import commits in steps, counted in the tally), so a
 * command that ended BO_EBUSY before anything committed left the store as
 * it found it and running it again from the start is safe: it re-reads
 * what it decides on, and a --command-id it carries is recorded only in the
 * transaction that finally commits. The store's own lock wait is short (1 s
 * a statement on SQLite), the command is tried BO_CLI_BUSY_TRIES times, and
 * the pause between tries grows from about 25 ms, jittered so that writers
 * that met each other do not meet again in step: the whole patience stays
 * near five seconds. Retrying at this level, not inside the adapter, also
 * covers the failures a lock wait cannot sit out (a busy commit; on
 * PostgreSQL a serialization failure or deadlock, which abort the whole
 * transaction). Reads are not tried again: they may have printed part of
 * their answer; and neither is a command fed from standard input, which
 * cannot be read twice.
 */
#define BO_CLI_BUSY_TRIES 5
#define BO_CLI_BUSY_PAUSE_MS 25

static int retries_busy(const bo_cli_args *a)
{
	if (reads_only(a->cmd))
		return 0;
	for (size_t i = 0; i < a->npos; i++)
		if (strcmp(a->pos[i], "-") == 0)
			return 0;
	return 1;
}

/* Sleeps between try (1-based, the one that just failed) and the next:
 * BO_CLI_BUSY_PAUSE_MS << (try - 1), scaled by a random 50-150 %. */
static void busy_pause(int try, unsigned *seed)
{
	long ms = (long)BO_CLI_BUSY_PAUSE_MS << (try - 1);
	struct timespec ts;

	/* xorshift: the jitter needs no quality, only to differ by process */
	*seed ^= *seed << 13;
	*seed ^= *seed >> 17;
	*seed ^= *seed << 5;
	ms = ms / 2 + (long)(*seed % (unsigned)(ms + 1));
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* How many tries a write whose connection died gets to reach the server
 * again (pauses of 100 ms, 200 ms, ... up to 2 s between them). */
#define BO_CLI_LOST_RECONNECTS 6

/*
 * A write with a command id that failed: when the store's connection had
 * been lost, its commit may have happened with only the answer lost. The
 * command id settles it, never a second append: after reconnecting, a
 * recorded id means the command ran, and running it again only answers
 * what was recorded (its lookup finds the id in its own transaction and
 * writes nothing); an id not recorded means nothing was saved, said so and
 * left to the caller. rc and err are the failure; returns the outcome.
 */
static int settle_lost(bo_cli_ctx *ctx, int rc, bo_err *err)
{
	bo_app *app = ctx->app;
	const bo_store *st = &app->ports->store;
	const char *id = app->command_id;
	bo_err failed = *err, spare;
	int back = bo_store_reconnect(st, 1, &spare);

	if (back == 0)
		return rc; /* the connection was fine: an ordinary failure */
	if (back < 0)
		back = bo_store_reconnect(st, BO_CLI_LOST_RECONNECTS, &spare);
	if (back < 0)
		return bo_err_set(err, BO_ESTORAGE,
				  "%s; whether command id %s was saved is not "
				  "known until the server is back; then send "
				  "it again with the same --command-id",
				  spare.msg, id);
	rc = bo_app_command_recorded(app, id, &spare);
	if (rc == BO_ENOTFOUND)
		return bo_err_set(err, failed.code,
				  "%s; reconnected: command id %s is not "
				  "recorded, so nothing was saved; sending it "
				  "again with the same --command-id is safe",
				  failed.msg, id);
	if (rc < 0) {
		*err = spare;
		return rc;
	}
	/* one line: what happened, and how it was settled */
	char *clean = bo_term_sanitize(failed.msg);
	fprintf(stderr,
		"backoffice: warning: %s; reconnected: command id %s was "
		"saved, so it is answered as recorded, not sent again\n",
		clean ? clean : bo_status_text(failed.code), id);
	free(clean);
	return ctx->args->cmd->run(ctx, err);
}

/*
 * BACKOFFICE_TRACE_LOCKS=FILE: after each command that opened a
 * transaction, one line is appended to FILE: "PID GROUP NAME STATUS
 * wait_ms=W hold_ms=H commits=N end_ms=E", W the longest wait for the store's write
 * lock, H the longest time a transaction held it (commit included), E
 * when the command ended (ms since the epoch). For
 * finding out what makes writes slow (make bench-rebuild reads it); a file
 * that cannot be opened is skipped without a word, as the command's own
 * outcome must not depend on a diagnostic.
 */
static void trace_locks(const bo_cli_cmd *c, int rc, const bo_store_tally *t)
{
	const char *path = getenv("BACKOFFICE_TRACE_LOCKS");
	struct timespec now;
	char line[200];
	int fd, n;

	if (!path || !*path ||
	    (t->commits == 0 && t->wait_us_max == 0 && t->hold_us_max == 0))
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	n = snprintf(line, sizeof(line),
		     "%ld %s %s %d wait_ms=%.3f hold_ms=%.3f commits=%lld "
		     "end_ms=%lld\n",
		     (long)getpid(), c->group ? c->group : "-", c->name, rc,
		     (double)t->wait_us_max / 1000.0,
		     (double)t->hold_us_max / 1000.0, (long long)t->commits,
		     (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	/* one write(2) with O_APPEND: lines of concurrent writers never mix */
	if (n > 0 && (size_t)n < sizeof(line) && write(fd, line, (size_t)n) < 0)
		n = 0;
	close(fd);
}

int bo_cli_run(bo_app *app, const bo_cli_args *a, FILE *out, bo_err *err)
{
	bo_cli_ctx ctx = {app, a, out, a->fmt};
	bo_store_tally tally = {0}, *outer = app->ports->store.tally;
	struct timespec now;
	unsigned seed;
	int rc, try = 1;

	if (!a->cmd || !a->cmd->run)
		return bo_err_set(
		    err, BO_EUSAGE,
		    "no command to run (see 'backoffice --help')");
	/* only write commands take it (check_command); checked before
	 * anything else about the command */
	app->command_id = bo_cli_option(a, CMD_ID);
	if (app->command_id &&
	    (rc = bo_app_command_id_validate(app->command_id, err)) < 0) {
		app->command_id = NULL;
		return rc;
	}
	/* count what the command itself commits */
	app->ports->store.tally = &tally;
	bo_out_set_zone(app->ports->zone);
	rc = a->cmd->run(&ctx, err);
	if (rc == BO_EBUSY && retries_busy(a)) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		seed = (unsigned)now.tv_nsec ^ ((unsigned)getpid() << 16) ^ 1u;
		while (rc == BO_EBUSY && tally.commits == 0 &&
		       tally.depth == 0 && try < BO_CLI_BUSY_TRIES) {
			busy_pause(try++, &seed);
			rc = a->cmd->run(&ctx, err);
		}
		if (rc == BO_EBUSY && tally.commits == 0)
			rc = bo_err_set(err, BO_EBUSY,
					"the store stayed busy; nothing was "
					"written; sending the same command "
					"again with its --command-id is safe");
	}
	if (rc < 0 && app->command_id && !reads_only(a->cmd))
		rc = settle_lost(&ctx, rc, err);
	app->ports->store.tally = outer;
	bo_out_set_zone(NULL);
	trace_locks(a->cmd, rc, &tally);
	app->command_id = NULL;
	if (a->committed && tally.commits > 0 && !reads_only(a->cmd))
		*a->committed = 1;
	/* The command stands; a reactor that failed after it retries later. */
	if (rc == 0 && app->reactor_err.code < 0) {
		char *clean = bo_term_sanitize(app->reactor_err.msg);

		fprintf(stderr,
			"backoffice: warning: a reactor failed and will retry "
			"after the next command: %s\n",
			clean ? clean : bo_status_text(app->reactor_err.code));
		free(clean);
	}
	if (rc == 0 && app->follow_err.code < 0) {
		char *clean = bo_term_sanitize(app->follow_err.msg);

		fprintf(stderr,
			"backoffice: warning: the reports could not catch up "
			"and stay behind until the next write or "
			"'backoffice projections run': %s\n",
			clean ? clean : bo_status_text(app->follow_err.code));
		free(clean);
	}
	return rc;
}

void bo_cli_report(FILE *f, const bo_err *err)
{
	const char *msg = err->msg[0] ? err->msg : bo_status_text(err->code);
	char *clean = bo_term_sanitize(msg);

	fprintf(f, "backoffice: %s\n",
		clean ? clean : bo_status_text(err->code));
	free(clean);
}
