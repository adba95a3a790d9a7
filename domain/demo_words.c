/* The demo generator's seeded randomness, customers and the words its staff write. */
#include "demo_words.h"

#include <stdio.h>

#define PICK(p, arr) ((arr)[bo_demo_below((p), sizeof(arr) / sizeof((arr)[0]))])
#define WORDS(name)                                                            \
	const bo_demo_words bo_demo_##name = {name,                            \
					      sizeof(name) / sizeof(name[0])}

/* ---- randomness ------------------------------------------------------------ */

uint64_t bo_demo_next(bo_demo_rng *p)
{
	uint64_t z = (p->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

bo_demo_rng bo_demo_stream(uint64_t seed, uint64_t purpose, uint64_t index)
{
	bo_demo_rng p = {seed ^ (purpose * 0xD1B54A32D192ED03ULL)};

	p.s ^= bo_demo_next(&p) + index * 0x9E3779B97F4A7C15ULL;
	bo_demo_next(&p);
	return p;
}

uint64_t bo_demo_below(bo_demo_rng *p, uint64_t n)
{
	uint64_t floor = (0 - n) % n, x;

	do
		x = bo_demo_next(p);
	while (x < floor);
	return x % n;
}

const char *bo_demo_pick(bo_demo_rng *p, const bo_demo_words *w)
{
	return w->w[bo_demo_below(p, w->n)];
}

/* ---- customers ------------------------------------------------------------- */

typedef struct person_name {
	const char *shown, *mail; /* mail: ASCII form for the address */
} person_name;

static const person_name first_names[] = {
    {"Camille", "camille"}, {"Léa", "lea"},           {"Hugo", "hugo"},
    {"Chloé", "chloe"},     {"Lucas", "lucas"},       {"Manon", "manon"},
    {"Nathan", "nathan"},   {"Inès", "ines"},         {"Louis", "louis"},
    {"Jade", "jade"},       {"Gabriel", "gabriel"},   {"Sarah", "sarah"},
    {"Arthur", "arthur"},   {"Zoé", "zoe"},           {"Jules", "jules"},
    {"Emma", "emma"},       {"Adam", "adam"},         {"Alice", "alice"},
    {"Raphaël", "raphael"}, {"Louise", "louise"},     {"Yasmine", "yasmine"},
    {"Mehdi", "mehdi"},     {"Fatou", "fatou"},       {"Moussa", "moussa"},
    {"Oliver", "oliver"},   {"Amelia", "amelia"},     {"George", "george"},
    {"Isla", "isla"},       {"Harry", "harry"},       {"Freya", "freya"},
    {"Jonas", "jonas"},     {"Mia", "mia"},           {"Felix", "felix"},
    {"Lena", "lena"},       {"Matteo", "matteo"},     {"Giulia", "giulia"},
    {"Sofía", "sofia"},     {"Diego", "diego"},       {"Lucía", "lucia"},
    {"Pablo", "pablo"},     {"Anna", "anna"},         {"Piotr", "piotr"},
    {"Zuzanna", "zuzanna"}, {"Linh", "linh"},         {"Minh", "minh"},
    {"Aiko", "aiko"},       {"Kenji", "kenji"},       {"Priya", "priya"},
    {"Arjun", "arjun"},     {"Noah", "noah"},         {"Elif", "elif"},
    {"Emre", "emre"},       {"Nora", "nora"},         {"Sven", "sven"},
    {"Ingrid", "ingrid"},   {"Tomás", "tomas"},       {"Beatriz", "beatriz"},
    {"Kwame", "kwame"},     {"Amara", "amara"},       {"Marie", "marie"},
    {"Pierre", "pierre"},   {"Claire", "claire"},     {"Antoine", "antoine"},
    {"Élodie", "elodie"},   {"Thibault", "thibault"}, {"Margaux", "margaux"},
};

static const person_name last_names[] = {
    {"Martin", "martin"},       {"Bernard", "bernard"},
    {"Dubois", "dubois"},       {"Thomas", "thomas"},
    {"Robert", "robert"},       {"Richard", "richard"},
    {"Petit", "petit"},         {"Durand", "durand"},
    {"Leroy", "leroy"},         {"Moreau", "moreau"},
    {"Simon", "simon"},         {"Laurent", "laurent"},
    {"Lefèvre", "lefevre"},     {"Michel", "michel"},
    {"Garcia", "garcia"},       {"Fontaine", "fontaine"},
    {"Rousseau", "rousseau"},   {"Chevalier", "chevalier"},
    {"Girard", "girard"},       {"Bonnet", "bonnet"},
    {"Benali", "benali"},       {"Haddad", "haddad"},
    {"Diallo", "diallo"},       {"N'Diaye", "ndiaye"},
    {"Traoré", "traore"},       {"Smith", "smith"},
    {"Jones", "jones"},         {"Taylor", "taylor"},
    {"Brown", "brown"},         {"Wilson", "wilson"},
    {"Evans", "evans"},         {"Walsh", "walsh"},
    {"Murphy", "murphy"},       {"Müller", "mueller"},
    {"Schmidt", "schmidt"},     {"Schneider", "schneider"},
    {"Fischer", "fischer"},     {"Weber", "weber"},
    {"Rossi", "rossi"},         {"Russo", "russo"},
    {"Esposito", "esposito"},   {"Bianchi", "bianchi"},
    {"García", "garcia"},       {"Fernández", "fernandez"},
    {"López", "lopez"},         {"Martínez", "martinez"},
    {"Silva", "silva"},         {"Santos", "santos"},
    {"Kowalski", "kowalski"},   {"Nowak", "nowak"},
    {"Nguyen", "nguyen"},       {"Tran", "tran"},
    {"Yamamoto", "yamamoto"},   {"Tanaka", "tanaka"},
    {"Sharma", "sharma"},       {"Patel", "patel"},
    {"Yılmaz", "yilmaz"},       {"Demir", "demir"},
    {"Andersson", "andersson"}, {"Johansson", "johansson"},
    {"Van Dijk", "vandijk"},    {"De Smet", "desmet"},
    {"Mensah", "mensah"},       {"Okafor", "okafor"},
};

/* Reserved example domains: the demo never names a real mailbox. */
static const char *const mail_domains[] = {
    "example.com",  "example.net",  "example.org",
    "mail.example", "post.example", "inbox.example",
};

void bo_demo_customer_make(bo_demo_customer *out, uint64_t seed, uint64_t c)
{
	bo_demo_rng p = bo_demo_stream(seed, 7, c);
	const person_name *f = &PICK(&p, first_names);
	const person_name *l = &PICK(&p, last_names);
	const char *domain = PICK(&p, mail_domains);
	unsigned style = (unsigned)bo_demo_below(&p, 4),
		 num = (unsigned)bo_demo_below(&p, 90) + 10;

	snprintf(out->name, sizeof(out->name), "%s %s", f->shown, l->shown);
	switch (style) {
	case 0:
		snprintf(out->email, sizeof(out->email), "%s.%s@%s", f->mail,
			 l->mail, domain);
		break;
	case 1:
		snprintf(out->email, sizeof(out->email), "%s.%s%u@%s", f->mail,
			 l->mail, num, domain);
		break;
	case 2:
		snprintf(out->email, sizeof(out->email), "%c.%s@%s", f->mail[0],
			 l->mail, domain);
		break;
	default:
		snprintf(out->email, sizeof(out->email), "%s%s%u@%s", f->mail,
			 l->mail, num, domain);
		break;
	}
}

/* ---- words the staff write ------------------------------------------------- */

static const char *const fail_reasons[] = {
    "card declined by the issuing bank",
    "3-D Secure authentication failed",
    "insufficient funds",
    "card expired",
    "payment provider timed out",
    "card number rejected by the provider",
};

static const char *const cancel_unpaid_reasons[] = {
    "customer changed their mind before paying",
    "duplicate order: customer placed it twice",
    "customer ordered the wrong size and will reorder",
    "customer found the item cheaper elsewhere",
    "customer asked to cancel: delivery date too late",
};

static const char *const cancel_after_failure[] = {
    "payment never completed after a failed attempt",
    "no valid payment within three days",
};

static const char *const cancel_paid_reasons[] = {
    "customer cancelled before dispatch",
    "item damaged in the warehouse; customer chose a refund",
    "delivery address outside our delivery area",
    "customer asked to cancel: ordered by mistake",
};

static const char *const goodwill_reasons[] = {
    "goodwill gesture: late delivery",
    "damaged packaging: partial refund agreed",
    "price match with our own later promotion",
    "goodwill gesture: item scratched on arrival",
};

static const char *const notes_before_shipping[] = {
    "Customer asked to leave the parcel with the neighbour at number 12.",
    "Delivery address corrected: flat number added.",
    "Customer asked whether it can arrive before Friday; told 2 to 4 days.",
    "Gift order: customer asked for no invoice in the box.",
    "Customer called to check the order went through; confirmed.",
    "Customer asked for the items to be packed together if possible.",
};

static const char *const notes_after_shipping[] = {
    "Customer says the tracking page is not updating; checked with the "
    "carrier.",
    "Parcel shown as delivered but not found; customer will ask the "
    "neighbours.",
    "Customer very pleased; asked when another item will be back in stock.",
    "Customer asked for a copy of the invoice by email; sent.",
    "Customer reported a missing item; it was in a second parcel.",
};

static const char *const notes_after_cancelling[] = {
    "Customer confirmed the cancellation by email.",
    "Customer asked to be told when the item is back; added to the list.",
    "Customer asked how long the refund takes; told 3 to 5 working days.",
};

const bo_demo_carrier bo_demo_carriers[] = {
    {"Colissimo", "6ADDDDDDDDDDD"}, {"Chronopost", "XADDDDDDDDDFR"},
    {"DPD", "DDDDDDDDDDDDDD"},      {"UPS", "1ZAAADDDDDDDDDDDDD"},
    {"DHL", "DDDDDDDDDD"},          {"Mondial Relay", "DDDDDDDD"},
};

const size_t bo_demo_ncarriers =
    sizeof(bo_demo_carriers) / sizeof(bo_demo_carriers[0]);

WORDS(fail_reasons);
WORDS(cancel_unpaid_reasons);
WORDS(cancel_after_failure);
WORDS(cancel_paid_reasons);
WORDS(goodwill_reasons);
WORDS(notes_before_shipping);
WORDS(notes_after_shipping);
WORDS(notes_after_cancelling);
